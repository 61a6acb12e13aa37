public import SurveyModel

/// The report's own words in the six UN languages. English is the source; the other languages are
/// working translations, not reviewed by a UN language service (as the questionnaire's are marked).
enum ReportStrings {
    static let table: [String: [Language: String]] = [
        "title": [.en: "Survey of national cybercrime legislation: results", .fr: "Enquête sur les législations nationales en matière de cybercriminalité : résultats", .es: "Encuesta sobre la legislación nacional en materia de ciberdelincuencia: resultados", .ru: "Обследование национального законодательства о киберпреступности: результаты", .zh: "国家网络犯罪立法调查：结果", .ar: "استقصاء التشريعات الوطنية المتعلقة بالجريمة السيبرانية: النتائج"],
        "headline": [.en: "Headline figures (world)", .fr: "Chiffres clés (monde)", .es: "Cifras principales (mundo)", .ru: "Основные показатели (мир)", .zh: "主要数字（全球）", .ar: "الأرقام الرئيسية (العالم)"],
        "store": [.en: "What the store holds", .fr: "Contenu de la base", .es: "Contenido del almacén", .ru: "Содержимое хранилища", .zh: "数据库内容", .ar: "محتوى قاعدة البيانات"],
        "this_run": [.en: "This run", .fr: "Cette exécution", .es: "Esta ejecución", .ru: "Этот запуск", .zh: "本次运行", .ar: "هذا التشغيل"],
        "files": [.en: "Files read", .fr: "Fichiers lus", .es: "Archivos leídos", .ru: "Прочитано файлов", .zh: "读取的文件", .ar: "الملفات المقروءة"],
        "seen": [.en: "Submissions seen", .fr: "Soumissions lues", .es: "Respuestas recibidas", .ru: "Получено ответов", .zh: "收到的提交", .ar: "الردود المستلمة"],
        "accepted": [.en: "accepted", .fr: "acceptées", .es: "aceptadas", .ru: "принято", .zh: "已接受", .ar: "مقبولة"],
        "superseded": [.en: "superseded", .fr: "remplacées", .es: "sustituidas", .ru: "заменено", .zh: "已被取代", .ar: "مستبدلة"],
        "excluded": [.en: "excluded", .fr: "exclues", .es: "excluidas", .ru: "исключено", .zh: "已排除", .ar: "مستبعدة"],
        "rejected": [.en: "rejected", .fr: "rejetées", .es: "rechazadas", .ru: "отклонено", .zh: "已拒绝", .ar: "مرفوضة"],
        "withdrawn": [.en: "withdrawn", .fr: "retirées", .es: "retiradas", .ru: "отозвано", .zh: "已撤回", .ar: "مسحوبة"],
        "reasons": [.en: "Top reasons for rejection", .fr: "Principaux motifs de rejet", .es: "Principales motivos de rechazo", .ru: "Основные причины отклонения", .zh: "主要拒绝原因", .ar: "أهم أسباب الرفض"],
        "round": [.en: "Round", .fr: "Cycle", .es: "Ronda", .ru: "Раунд", .zh: "轮次", .ar: "الجولة"],
        "countries": [.en: "countries", .fr: "pays", .es: "países", .ru: "стран", .zh: "个国家", .ar: "بلدان"],
        "chapter": [.en: "Chapter", .fr: "Chapitre", .es: "Capítulo", .ru: "Глава", .zh: "章", .ar: "الفصل"],
        "share_by_region": [.en: "Share of responding countries by region", .fr: "Part des pays répondants, par région", .es: "Proporción de países que respondieron, por región", .ru: "Доля ответивших стран по регионам", .zh: "按区域分列的答复国家比例", .ar: "نسبة البلدان المجيبة حسب المنطقة"],
        "share_by_option": [.en: "Share of responding countries choosing each option (world)", .fr: "Part des pays répondants choisissant chaque option (monde)", .es: "Proporción de países que eligieron cada opción (mundo)", .ru: "Доля ответивших стран, выбравших каждый вариант (мир)", .zh: "选择各选项的答复国家比例（全球）", .ar: "نسبة البلدان المجيبة التي اختارت كل خيار (العالم)"],
        "suppressed": [.en: "suppressed", .fr: "masqué", .es: "suprimido", .ru: "скрыто", .zh: "已隐去", .ar: "محجوب"],
        "low": [.en: "low reliability", .fr: "fiabilité faible", .es: "baja fiabilidad", .ru: "низкая надёжность", .zh: "可靠性低", .ar: "موثوقية منخفضة"],
        "legend": [.en: "Bars: per cent of the States that answered the item; whiskers: 95% interval; light band: non-response bounds; † low reliability; grey: suppressed (too few States).", .fr: "Barres : pourcentage des États ayant répondu ; moustaches : intervalle à 95 % ; bande claire : bornes de non-réponse ; † fiabilité faible ; gris : masqué (trop peu d’États).", .es: "Barras: porcentaje de los Estados que respondieron; bigotes: intervalo del 95 %; franja clara: límites de no respuesta; † baja fiabilidad; gris: suprimido (muy pocos Estados).", .ru: "Столбцы: процент ответивших государств; усы: 95% интервал; светлая полоса: границы неответа; † низкая надёжность; серый: скрыто (слишком мало государств).", .zh: "条形：作答国家的百分比；须线：95%区间；浅色带：未答复界限；†可靠性低；灰色：已隐去（国家太少）。", .ar: "الأعمدة: النسبة المئوية للدول المجيبة؛ الخطوط: فترة 95%؛ الشريط الفاتح: حدود عدم الرد؛ † موثوقية منخفضة؛ الرمادي: محجوب (عدد الدول قليل جدا)."],
        "interval_meaning": [.en: "The interval in brackets is a 95% Wilson interval computed on the finite-population effective sample size, so it narrows as more of the group's States answer and closes to the figure itself when all of them have answered.", .fr: "L’intervalle entre parenthèses est un intervalle de Wilson à 95 % calculé sur la taille d’échantillon effective corrigée pour population finie : il se resserre à mesure que davantage d’États du groupe répondent et se réduit au chiffre lui-même quand tous ont répondu.", .es: "El intervalo entre paréntesis es un intervalo de Wilson del 95 % calculado sobre el tamaño muestral efectivo con corrección por población finita: se estrecha a medida que responden más Estados del grupo y se reduce a la propia cifra cuando todos han respondido.", .ru: "Интервал в скобках — 95% интервал Уилсона, рассчитанный по эффективному объёму выборки с поправкой на конечную совокупность: он сужается по мере того, как отвечает больше государств группы, и сводится к самому значению, когда ответили все.", .zh: "括号中的区间是按有限总体有效样本量计算的95%威尔逊区间：小组中作答的国家越多，区间越窄；所有国家均作答时，区间收缩为该数字本身。", .ar: "الفترة بين القوسين هي فترة ويلسون بنسبة 95% محسوبة على حجم العينة الفعلي المصحح للمجتمع المحدود، فتضيق كلما أجابت دول أكثر من المجموعة وتنحصر في الرقم نفسه عندما تجيب جميعها."],
        "bounds_meaning": [.en: "The non-response bounds (“all N: low–high%”) are the share among all N States of the group if every State that did not answer lacked the option (low) or had it (high), so the true figure for the whole group lies between them whoever did not answer.", .fr: "Les bornes de non-réponse (« les N : bas–haut % ») sont la part parmi les N États du groupe si chaque État n’ayant pas répondu n’avait pas l’option (bas) ou l’avait (haut) : le chiffre réel pour tout le groupe se situe entre elles, quels que soient les non-répondants.", .es: "Los límites de no respuesta («los N: bajo–alto %») son la proporción entre los N Estados del grupo si todos los Estados que no respondieron carecieran de la opción (bajo) o la tuvieran (alto), de modo que la cifra real de todo el grupo está entre ellos, sean cuales sean los que no respondieron.", .ru: "Границы неответа («все N: нижняя–верхняя %») — доля среди всех N государств группы, если бы каждое не ответившее государство не имело варианта (нижняя) или имело его (верхняя), поэтому истинное значение для всей группы лежит между ними, кто бы ни не ответил.", .zh: "未答复界限（“全部N个：低–高%”）是假设每个未作答国家都不具备（低）或都具备（高）该选项时，在小组全部N个国家中的比例，因此无论哪些国家未作答，整个小组的真实数字都在两者之间。", .ar: "حدود عدم الرد («جميع الـ N: الأدنى–الأعلى%») هي النسبة بين جميع دول المجموعة البالغ عددها N لو كانت كل دولة لم تجب تفتقر إلى الخيار (الأدنى) أو تأخذ به (الأعلى)، فيقع الرقم الحقيقي للمجموعة كلها بينهما أيا كانت الدول التي لم تجب."],
        "n_of_N": [.en: "{n} of {N} States answered", .fr: "{n} États sur {N} ont répondu", .es: "respondieron {n} de {N} Estados", .ru: "ответили {n} из {N} государств", .zh: "{N}个国家中{n}个作答", .ar: "أجابت {n} من {N} دولة"],
        "all_N": [.en: "all {N}: {range}", .fr: "les {N} : {range}", .es: "los {N}: {range}", .ru: "все {N}: {range}", .zh: "全部{N}个：{range}", .ar: "جميع الـ {N}: {range}"],
        "unknown_excluded": [.en: "{k} “unknown” not counted", .fr: "{k} « inconnu » non comptés", .es: "{k} «se desconoce» no contados", .ru: "{k} «неизвестно» не учтено", .zh: "{k}个“不详”未计入", .ar: "{k} «غير معروف» غير محسوبة"],
        "unknown_meaning": [.en: "An answer “unknown” is a response: it counts among the States that answered and in the share of “unknown” itself, but not in the other shares, which are over the States that gave a substantive answer (“k “unknown” not counted”).", .fr: "Une réponse « inconnu » est une réponse : elle compte parmi les États ayant répondu et dans la part d’« inconnu » elle-même, mais pas dans les autres parts, calculées sur les États ayant donné une réponse de fond (« k « inconnu » non comptés »).", .es: "Una respuesta «se desconoce» es una respuesta: cuenta entre los Estados que respondieron y en la proporción de «se desconoce», pero no en las demás proporciones, calculadas sobre los Estados que dieron una respuesta sustantiva («k «se desconoce» no contados»).", .ru: "Ответ «неизвестно» — это ответ: он учитывается среди ответивших государств и в доле самого варианта «неизвестно», но не в остальных долях, которые рассчитываются по государствам, давшим ответ по существу («k «неизвестно» не учтено»).", .zh: "“不详”也是一种答复：它计入作答国家以及“不详”本身的比例，但不计入其他比例；其他比例以作出实质性答复的国家为基数（“k个“不详”未计入”）。", .ar: "الإجابة «غير معروف» رد: فهي تُحسب ضمن الدول التي أجابت وفي نسبة «غير معروف» نفسها، لا في النسب الأخرى المحسوبة على الدول التي قدمت إجابة موضوعية («k «غير معروف» غير محسوبة»)."],
        "progress": [.en: "Progress since the baseline round", .fr: "Évolution depuis le cycle de référence", .es: "Avances desde la ronda de referencia", .ru: "Изменения с базового раунда", .zh: "自基准轮次以来的进展", .ar: "التقدم منذ الجولة المرجعية"],
        "all": [.en: "All respondents", .fr: "Tous les répondants", .es: "Todos los encuestados", .ru: "Все ответившие", .zh: "全部答复者", .ar: "جميع المجيبين"],
        "panel": [.en: "Panel (answered both rounds)", .fr: "Panel (ont répondu aux deux cycles)", .es: "Panel (respondieron en ambas rondas)", .ru: "Панель (ответили в обоих раундах)", .zh: "面板（两轮均作答）", .ar: "الفريق (أجاب في الجولتين)"],
        "priorities": [.en: "Capacity-building priorities", .fr: "Priorités de renforcement des capacités", .es: "Prioridades de fomento de la capacidad", .ru: "Приоритеты наращивания потенциала", .zh: "能力建设优先事项", .ar: "أولويات بناء القدرات"],
        "heat": [.en: "Mean priority score by region and area (0–100)", .fr: "Score de priorité moyen par région et domaine (0–100)", .es: "Puntuación media de prioridad por región y área (0–100)", .ru: "Средний балл приоритетности по регионам и областям (0–100)", .zh: "按区域和领域分列的平均优先得分（0–100）", .ar: "متوسط درجة الأولوية حسب المنطقة والمجال (0–100)"],
        "top": [.en: "Highest priorities per region and area", .fr: "Priorités les plus élevées par région et domaine", .es: "Prioridades más altas por región y área", .ru: "Наивысшие приоритеты по регионам и областям", .zh: "各区域和领域的最高优先事项", .ar: "أعلى الأولويات حسب المنطقة والمجال"],
        "appendix": [.en: "Appendix: validation report", .fr: "Annexe : rapport de validation", .es: "Anexo: informe de validación", .ru: "Приложение: отчёт о проверке", .zh: "附件：验证报告", .ar: "المرفق: تقرير التحقق"],
        "code": [.en: "Code", .fr: "Code", .es: "Código", .ru: "Код", .zh: "代码", .ar: "الرمز"],
        "severity": [.en: "Severity", .fr: "Gravité", .es: "Gravedad", .ru: "Серьёзность", .zh: "严重程度", .ar: "الخطورة"],
        "count": [.en: "Count", .fr: "Nombre", .es: "Número", .ru: "Число", .zh: "数量", .ar: "العدد"],
        "remedy": [.en: "What to do", .fr: "Que faire", .es: "Qué hacer", .ru: "Что делать", .zh: "处理办法", .ar: "ما العمل"],
        "world": [.en: "World", .fr: "Monde", .es: "Mundo", .ru: "Мир", .zh: "世界", .ar: "العالم"],
        "question": [.en: "Question", .fr: "Question", .es: "Pregunta", .ru: "Вопрос", .zh: "问题", .ar: "السؤال"],
        "change": [.en: "Change (points)", .fr: "Variation (points)", .es: "Cambio (puntos)", .ru: "Изменение (п.п.)", .zh: "变化（百分点）", .ar: "التغير (نقاط)"],
        "none": [.en: "None.", .fr: "Aucun.", .es: "Ninguno.", .ru: "Нет.", .zh: "无。", .ar: "لا يوجد."],
        "country": [.en: "Country", .fr: "Pays", .es: "País", .ru: "Страна", .zh: "国家", .ar: "البلد"],
        "score": [.en: "Score", .fr: "Score", .es: "Puntuación", .ru: "Балл", .zh: "得分", .ar: "الدرجة"],
        "drivers": [.en: "Drivers", .fr: "Facteurs", .es: "Factores", .ru: "Факторы", .zh: "驱动因素", .ar: "العوامل"],
        "area": [.en: "Area", .fr: "Domaine", .es: "Área", .ru: "Область", .zh: "领域", .ar: "المجال"],
        "checks": [.en: "Consistency checks", .fr: "Contrôles de cohérence", .es: "Controles de coherencia", .ru: "Проверки согласованности", .zh: "一致性检查", .ar: "فحوص الاتساق"],
        "checks_note": [.en: "Answers checked against each other (the questionnaire's checks). A check never rejects a submission; both answers are kept. An unanswered item contradicts nothing.", .fr: "Réponses vérifiées les unes par rapport aux autres (contrôles du questionnaire). Un contrôle ne rejette jamais une soumission ; les deux réponses sont conservées. Une question sans réponse ne contredit rien.", .es: "Respuestas contrastadas entre sí (controles del cuestionario). Un control nunca rechaza una respuesta; se conservan ambas respuestas. Una pregunta sin respuesta no contradice nada.", .ru: "Ответы сопоставлены друг с другом (проверки вопросника). Проверка никогда не отклоняет ответ; оба ответа сохраняются. Вопрос без ответа ничему не противоречит.", .zh: "答复之间相互核对（问卷中的检查）。检查从不拒绝提交；两项答复均予保留。未作答的问题不构成矛盾。", .ar: "تُقارن الإجابات بعضها ببعض (فحوص الاستبيان). لا يرفض الفحص أي رد أبدًا؛ وتُحفظ الإجابتان كلتاهما. والسؤال الذي لم يُجب عنه لا يناقض شيئًا."],
        "check": [.en: "Check", .fr: "Contrôle", .es: "Control", .ru: "Проверка", .zh: "检查", .ar: "الفحص"],
        "message": [.en: "Message", .fr: "Message", .es: "Mensaje", .ru: "Сообщение", .zh: "说明", .ar: "الرسالة"],
        "submissions_firing": [.en: "Submissions", .fr: "Soumissions", .es: "Respuestas", .ru: "Ответы", .zh: "提交数", .ar: "الردود"],
        "custom_groups": [.en: "Custom groups", .fr: "Groupes personnalisés", .es: "Grupos personalizados", .ru: "Пользовательские группы", .zh: "自定义组", .ar: "المجموعات المخصصة"],
        "region": [.en: "Region", .fr: "Région", .es: "Región", .ru: "Регион", .zh: "区域", .ar: "المنطقة"],
    ]

    static let chapters: [Chapter: [Language: String]] = [
        .legislation: [.en: "Legislation and frameworks", .fr: "Législation et cadres", .es: "Legislación y marcos", .ru: "Законодательство и нормативная база", .zh: "立法和框架", .ar: "التشريعات والأطر"],
        .criminalization: [.en: "Criminalization", .fr: "Incrimination", .es: "Penalización", .ru: "Криминализация", .zh: "刑事定罪", .ar: "التجريم"],
        .investigations: [.en: "Law enforcement and investigations", .fr: "Détection et répression, enquêtes", .es: "Aplicación de la ley e investigaciones", .ru: "Правоохранительная деятельность и расследования", .zh: "执法和调查", .ar: "إنفاذ القانون والتحقيقات"],
        .evidence: [.en: "Electronic evidence and criminal justice", .fr: "Preuve électronique et justice pénale", .es: "Pruebas electrónicas y justicia penal", .ru: "Электронные доказательства и уголовное правосудие", .zh: "电子证据和刑事司法", .ar: "الأدلة الإلكترونية والعدالة الجنائية"],
        .cooperation: [.en: "International cooperation", .fr: "Coopération internationale", .es: "Cooperación internacional", .ru: "Международное сотрудничество", .zh: "国际合作", .ar: "التعاون الدولي"],
        .prevention: [.en: "Prevention", .fr: "Prévention", .es: "Prevención", .ru: "Предупреждение", .zh: "预防", .ar: "المنع"],
        .technicalAssistance: [.en: "Technical assistance", .fr: "Assistance technique", .es: "Asistencia técnica", .ru: "Техническая помощь", .zh: "技术援助", .ar: "المساعدة التقنية"],
    ]

    /// The `any_form` option of a legal-form question (the report's charts, the SDMX codelist).
    static let anyForm: [Language: String] = [
        .en: "in any form (cyber-specific or general)", .fr: "sous une forme quelconque (spécifique ou générale)",
        .es: "de cualquier forma (específica o general)", .ru: "в любой форме (специальной или общей)",
        .zh: "任何形式（专门或一般）", .ar: "بأي شكل (خاص أو عام)",
    ]

    static func text(_ key: String, _ language: Language) -> String {
        table[key]?[language] ?? table[key]?[.en] ?? key
    }
}
