/// Traditional Chinese characters → simplified, for the characters the reference's Chinese
/// country names use (Pipelines/reference/countries.yml: names, formal names, aliases), written
/// by hand from the standard simplification (通用规范汉字表): the reference is in simplified
/// characters, names written in traditional ones fold onto it. A character not listed is the
/// same in both. Taiwanese usage that differs in words, not characters (紐西蘭 for 新西兰), is not
/// reached by this table.
enum ChineseCharacters {
    static let simplified: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [
            ("東", "东"), ("烏", "乌"), ("喬", "乔"), ("買", "买"), ("亞", "亚"), ("會", "会"), ("倫", "伦"), ("眾", "众"),
            ("衆", "众"), ("關", "关"), ("蘭", "兰"), ("內", "内"), ("岡", "冈"), ("幾", "几"), ("凱", "凯"), ("剛", "刚"),
            ("別", "别"), ("勞", "劳"), ("區", "区"), ("華", "华"), ("盧", "卢"), ("敘", "叙"), ("臺", "台"), ("圖", "图"),
            ("聖", "圣"), ("堅", "坚"), ("寧", "宁"), ("賓", "宾"), ("屬", "属"), ("嶼", "屿"), ("島", "岛"), ("庫", "库"),
            ("開", "开"), ("揚", "扬"), ("撾", "挝"), ("時", "时"), ("歐", "欧"), ("湯", "汤"), ("澤", "泽"), ("濟", "济"),
            ("灣", "湾"), ("愛", "爱"), ("獨", "独"), ("約", "约"), ("納", "纳"), ("紐", "纽"), ("紹", "绍"), ("維", "维"),
            ("緬", "缅"), ("羅", "罗"), ("聯", "联"), ("脫", "脱"), ("臘", "腊"), ("蘇", "苏"), ("萊", "莱"), ("薩", "萨"),
            ("誕", "诞"), ("諾", "诺"), ("貝", "贝"), ("贊", "赞"), ("達", "达"), ("長", "长"), ("門", "门"), ("韋", "韦"),
            ("韓", "韩"), ("頓", "顿"), ("領", "领"), ("顛", "颠"), ("馬", "马"), ("魯", "鲁"), ("鮮", "鲜"), ("麥", "麦"),
            ("國", "国"), ("爾", "尔"), ("義", "义"), ("奧", "奥"), ("來", "来"), ("極", "极"), ("茲", "兹"), ("祕", "秘"),
            ("萬", "万"), ("雲", "云"), ("與", "与"), ("為", "为"), ("後", "后"), ("裡", "里"), ("裏", "里"), ("線", "线"),
            ("號", "号"), ("灣", "湾"), ("鄰", "邻"), ("瑪", "玛"), ("蓋", "盖"), ("爾", "尔"), ("薩", "萨"), ("黃", "黄"),
            ("瓊", "琼"), ("亞", "亚"), ("紀", "纪"), ("彎", "弯"), ("滿", "满"), ("隸", "隶"), ("邁", "迈"), ("塢", "坞"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (traditional, simplified) in pairs { map[traditional] = simplified }
        return map
    }()
}
