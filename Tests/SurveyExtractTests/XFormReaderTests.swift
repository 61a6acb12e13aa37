import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// XForms (questionnaire definitions) as pyxform writes them and ODK Central and Kobo serve them.
@Suite struct XFormReaderTests {
    static let fixtures = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures")

    func form(_ path: String) throws -> XFormDefinition {
        try Extractor().readXForm(fileAt: Self.fixtures.appendingPathComponent(path))
    }

    func form(text: String, path: String = "form.xml", chunkSize: Int = 64 * 1024) throws -> XFormDefinition {
        try Extractor(chunkSize: chunkSize).readXForm(bytes: Array(text.utf8), path: path)
    }

    // MARK: ODK Briefcase's forms

    @Test func allDataTypesGivesEveryFieldWithItsBindType() throws {
        let xform = try form("odk-briefcase/all-data-types.xml")
        #expect(xform.formID == "all-data-types")
        #expect(xform.version == nil)
        #expect(xform.title == "All data types")
        #expect(xform.rootName == "data")
        #expect(xform.translations.isEmpty)
        #expect(xform.fields.map(\.path) == [
            ["some_string"], ["some_int"], ["some_decimal"], ["some_date"], ["some_time"], ["some_date_time"],
            ["some_geopoint"], ["some_geotrace"], ["some_geoshape"], ["some_barcode"], ["meta"], ["meta", "instanceID"],
        ])
        let types = Dictionary(uniqueKeysWithValues: xform.fields.map { ($0.path.joined(separator: "/"), $0.bindType) })
        #expect(types["some_string"] == "string")
        #expect(types["some_int"] == "int")
        #expect(types["some_decimal"] == "decimal")
        #expect(types["some_date"] == "date")
        #expect(types["some_time"] == "time")
        #expect(types["some_date_time"] == "dateTime")
        #expect(types["some_geopoint"] == "geopoint")
        #expect(types["some_barcode"] == "barcode")
        #expect(types["meta"] == "")
        // Relative body refs (`ref="some_int"`) reach their fields.
        #expect(xform.field(named: "some_int")?.control == "input")
        #expect(xform.fields.filter { !$0.isGroup }.allSatisfy { !$0.inRepeat })

        let meta = try #require(xform.fields.first { $0.name == "meta" })
        #expect(meta.isGroup)
        let instanceID = try #require(xform.field(named: "instanceID"))
        #expect(instanceID.control == nil)
        #expect(instanceID.bindAttributes["calculate"] == "concat('uuid:', uuid())")
        #expect(instanceID.bindAttributes["readonly"] == "true()")
        #expect(instanceID.bindAttributes["nodeset"] == nil)
    }

    @Test func choiceListsGivesInlineChoicesWithLabels() throws {
        let xform = try form("odk-briefcase/choice-lists.xml")
        #expect(xform.formID == "choice-lists")
        let some = try #require(xform.field(named: "some_string"))
        #expect(some.control == "select")
        #expect(some.bindType == "string")
        #expect(some.itemset == nil)
        #expect(some.choices == [
            XFormChoice(value: "CHOICE_1", labels: [.en: "CHOICE 1"]),
            XFormChoice(value: "CHOICE_2", labels: [.en: "CHOICE 2"]),
        ])
        let another = try #require(xform.field(named: "another_string"))
        #expect(another.control == "select1")
        #expect(another.choices.map(\.value) == ["CHOICE_1", "CHOICE_2"])
        let nested = try #require(xform.field(named: "yet_another_string"))
        #expect(nested.path == ["some_group", "yet_another_string"])
        #expect(nested.control == "select")
        #expect(nested.choices.map(\.labels) == [[.en: "CHOICE 1"], [.en: "CHOICE 2"]])
        #expect(xform.fields.first { $0.name == "some_group" }?.isGroup == true)
        #expect(xform.field(named: "instanceID")?.control == nil)
    }

    @Test func nestedRepeatsAreMarked() throws {
        let xform = try form("odk-briefcase/nested-repeats.xml")
        #expect(xform.formID == "nested-repeats")
        #expect(xform.translations == [XFormTranslation(name: "English", language: .en)])
        let byPath = Dictionary(uniqueKeysWithValues: xform.fields.map { ($0.path.joined(separator: "/"), $0) })
        #expect(byPath.count == xform.fields.count)
        for path in ["g1", "g1/g2", "g1/g2/g3"] {
            #expect(byPath[path]?.isGroup == true, "\(path)")
            #expect(byPath[path]?.inRepeat == true, "\(path)")
        }
        for path in ["g1/t1", "g1/g2/t2", "g1/g2/g3/t3"] {
            let field = try #require(byPath[path])
            #expect(field.inRepeat)
            #expect(!field.isGroup)
            #expect(field.control == "input")
            #expect(field.bindType == "string")
        }
        #expect(byPath["meta/instanceID"]?.inRepeat == false)
        #expect(byPath["meta/instanceID"]?.control == nil)
        // The itext labels are empty: no label is kept.
        #expect(byPath["g1"]?.labels == [:])
    }

    // MARK: A pyxform-style form with translations, itemsets and custom bind attributes

    @Test func pyxformStyleFormWithTranslations() throws {
        let xform = try form("xform/cybercrime-mini.xml")
        #expect(xform.formID == "unodc-cyber-mini")
        #expect(xform.version == "2026.1")
        #expect(xform.title == "Cybercrime legislation (mini)")
        #expect(xform.translations == [
            XFormTranslation(name: "English (en)", language: .en), XFormTranslation(name: "French (fr)", language: .fr),
            XFormTranslation(name: "Arabic (ar)", language: .ar),
        ])
        #expect(xform.fields.map { $0.path.joined(separator: "/") } == [
            "country", "round", "intro", "ch3", "ch3/ch3_specific_law", "ch3/ch3_reform_year", "ch3/ch3_main_law",
            "ch4_criminalization", "ch4_criminalization/ch4_illegal_access",
            "ch4_criminalization/ch4_share_prosecuted", "ch4_criminalization/ch4_note", "assistance",
            "assistance/ta_needs", "assistance/specialized_officers", "staff_count", "completed_at", "meta",
            "meta/instanceID",
        ])

        let law = try #require(xform.field(named: "ch3_specific_law"))
        #expect(law.control == "select1")
        #expect(law.itemset == "yes_no")
        #expect(law.labels[.en] == "Does your country have cybercrime-specific legislation?")  // not the guidance
        #expect(law.labels[.fr] == "Votre pays dispose-t-il d’une législation spécifique à la cybercriminalité ?")
        #expect(law.labels[.ar] == "هل لدى بلدكم تشريع خاص بالجريمة السيبرانية؟")
        #expect(law.choices == [
            XFormChoice(value: "yes", labels: [.en: "Yes", .fr: "Oui", .ar: "نعم"]),
            XFormChoice(value: "no", labels: [.en: "No", .fr: "Non", .ar: "لا"]),
        ])

        let year = try #require(xform.field(named: "ch3_reform_year"))
        #expect(year.bindType == "int")
        #expect(year.bindAttributes["qtype"] == "year")
        #expect(year.bindAttributes["constraint"] == ". >= 1970 and . <= 2030")
        #expect(year.bindAttributes["constraintMsg"] == "A year between 1970 and 2030")
        #expect(year.bindAttributes["relevant"] == " /data/ch3/ch3_specific_law  = 'yes'")
        #expect(year.labels[.ar] == nil)  // Arabic is partial

        // A ref relative to its group.
        let mainLaw = try #require(xform.field(named: "ch3_main_law"))
        #expect(mainLaw.control == "input")
        #expect(mainLaw.labels[.en] == "Title of the main law")

        // Inline items labelled through itext.
        let access = try #require(xform.field(named: "ch4_illegal_access"))
        #expect(access.bindAttributes["qtype"] == "legal_form")
        #expect(access.itemset == nil)
        #expect(access.choices.map(\.value) == ["cyber_specific", "general", "none"])
        #expect(access.choices.first?.labels == [.en: "Cyber-specific offence", .fr: "Infraction spécifique"])

        // The extra `chapter` column of the secondary instance survives.
        let needs = try #require(xform.field(named: "ta_needs"))
        #expect(needs.control == "select")
        #expect(needs.bindAttributes["chapter"] == "TA")
        #expect(needs.itemset == "ta_areas")
        #expect(needs.choices.map(\.value) == ["ta_criminalization", "ta_investigations", "ta_cooperation"])
        #expect(needs.choices.map(\.attributes) == [["chapter": "4"], ["chapter": "5"], ["chapter": "7"]])
        #expect(needs.choices.first?.labels == [.en: "Criminalization", .fr: "Incrimination"])

        #expect(xform.field(named: "specialized_officers")?.bindAttributes["chapter"] == "5")
        #expect(xform.field(named: "completed_at")?.control == nil)
        #expect(xform.field(named: "completed_at")?.bindAttributes["preload"] == "timestamp")
        #expect(xform.fields.first { $0.name == "ch3" }?.labels[.fr] == "Législation et cadres")
        #expect(xform.fields.allSatisfy { !$0.inRepeat })
    }

    @Test func sameResultWhateverTheChunkSize() throws {
        let text = try String(
            contentsOf: Self.fixtures.appendingPathComponent("xform/cybercrime-mini.xml"), encoding: .utf8)
        #expect(try form(text: text, chunkSize: 13) == form(text: text))
    }

    // MARK: Variants

    @Test func translationNamesMapToLanguages() throws {
        let names = [
            "English (en)": Language.en, "French (fr)": .fr, "Français": .fr, "español": .es, "Español (es)": .es,
            "Russian": .ru, "Русский": .ru, "Chinese": .zh, "中文": .zh, "Arabic": .ar, "العربية": .ar, "fr": .fr,
            "Chinese (Simplified)": .zh,
        ]
        let translations = names.keys.sorted().map { "<translation lang=\"\($0)\"/>" }.joined()
        let xform = try form(text: """
            <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
            <h:head><model><itext>\(translations)<translation lang="Swahili (sw)"/></itext>
            <instance><data id="t"><q/></data></instance></model></h:head><h:body/></h:html>
            """)
        for translation in xform.translations {
            if translation.name == "Swahili (sw)" {
                #expect(translation.language == nil)
            } else {
                #expect(translation.language == names[translation.name], "\(translation.name)")
            }
        }
    }

    @Test func inlineLabelsGoToTheDefaultLanguageAndRepeatsFromTheBody() throws {
        let xform = try form(text: """
            <?xml version="1.0"?>
            <x:html xmlns:x="http://www.w3.org/1999/xhtml" xmlns:f="http://www.w3.org/2002/xforms"
                    xmlns:orx="http://openrosa.org/xforms">
              <x:head>
                <x:title>Inline</x:title>
                <f:model>
                  <f:instance>
                    <survey id="inline" orx:version="7">
                      <people><person_name/></people>
                      <q/>
                      <picked/>
                    </survey>
                  </f:instance>
                  <f:instance id="colours"><root>
                    <item><name>red</name><label>Red</label></item>
                    <item><name>blue</name><label>Blue</label></item>
                  </root></f:instance>
                  <f:bind nodeset="/survey/q" type="xsd:int"/>
                  <f:bind nodeset="picked" type="string"/>
                </f:model>
              </x:head>
              <x:body>
                <f:group ref="/survey/people">
                  <f:label>People</f:label>
                  <f:repeat nodeset="/survey/people">
                    <f:input ref="person_name"><f:label>Name <f:output value="/survey/q"/>?</f:label><f:hint>h</f:hint></f:input>
                  </f:repeat>
                </f:group>
                <f:input ref="/survey/q"><f:label>  How many?  </f:label></f:input>
                <f:select1 ref="/survey/picked">
                  <f:label>Colour</f:label>
                  <f:itemset nodeset="instance('colours')/root/item[name != '']">
                    <f:value ref="name"/><f:label ref="label"/>
                  </f:itemset>
                </f:select1>
                <f:setvalue ref="/survey/q" event="odk-instance-first-load" value="1"/>
              </x:body>
            </x:html>
            """)
        #expect(xform.formID == "inline")
        #expect(xform.version == "7")
        #expect(xform.rootName == "survey")
        let name = try #require(xform.field(named: "person_name"))
        #expect(name.inRepeat)
        #expect(name.labels == [.en: "Name ?"])
        #expect(xform.fields.first { $0.name == "people" }?.inRepeat == true)
        #expect(xform.fields.first { $0.name == "people" }?.labels == [.en: "People"])
        let q = try #require(xform.field(named: "q"))
        #expect(q.bindType == "int")
        #expect(q.control == "input")
        #expect(q.labels == [.en: "How many?"])
        #expect(!q.inRepeat)
        let picked = try #require(xform.field(named: "picked"))
        #expect(picked.bindType == "string")  // a relative bind nodeset
        #expect(picked.itemset == "colours")
        #expect(picked.choices == [
            XFormChoice(value: "red", labels: [.en: "Red"]), XFormChoice(value: "blue", labels: [.en: "Blue"]),
        ])
    }

    @Test func aDefaultTranslationTakesTheDefaultLanguage() throws {
        let xform = try form(text: """
            <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
            <h:head><model>
              <itext><translation lang="default" default="true()"><text id="c-0"><value>Yes</value></text></translation></itext>
              <instance><data id="d"><q/></data></instance>
              <instance id="c"><root><item><itextId>c-0</itextId><name>yes</name></item></root></instance>
            </model></h:head>
            <h:body><select1 ref="/data/q"><label>Agree?</label><itemset nodeset="instance('c')/root/item">
              <value ref="name"/><label ref="jr:itext(itextId)"/></itemset></select1></h:body></h:html>
            """)
        #expect(xform.translations == [XFormTranslation(name: "default", language: .en)])
        let q = try #require(xform.field(named: "q"))
        #expect(q.labels == [.en: "Agree?"])
        #expect(q.choices == [XFormChoice(value: "yes", labels: [.en: "Yes"])])
    }

    // MARK: Refusals

    @Test func doctypeIsRefused() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            ]>
            <h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:head><h:title>&lol2;</h:title></h:head></h:html>
            """
        let error = try #require(throws: XFormError.self) { try form(text: text, path: "evil.xml") }
        #expect(error.path == "evil.xml")
        #expect(error.line == 2)
        #expect(error.message.contains("DOCTYPE"))
        #expect(error.description.hasPrefix("evil.xml:2:"))
        #expect(!error.description.contains("\n"))
    }

    @Test func malformedXMLNamesThePlace() throws {
        let error = try #require(throws: XFormError.self) {
            try form(text: "<h:html xmlns:h=\"x\">\n<h:head>\n</h:html>", path: "bad.xml")
        }
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("bad.xml:3:"))
        #expect(error.message.hasPrefix("malformed XML"))
    }

    @Test func aSubmissionIsNotAnXForm() throws {
        let error = try #require(throws: XFormError.self) {
            try form("odk-briefcase/choice-lists-submission.xml")
        }
        #expect(error.message.contains("not an XForm"))
        #expect(error.line == 1)
    }

    @Test func aFormWithoutIdOrInstanceIsRefused() throws {
        let noID = try #require(throws: XFormError.self) {
            try form(text: "<h:html xmlns:h=\"x\"><h:head><model><instance>\n<data><q/></data></instance></model></h:head></h:html>")
        }
        #expect(noID.message.contains("no id"))
        #expect(noID.line == 2)
        let noInstance = try #require(throws: XFormError.self) {
            try form(text: "<h:html xmlns:h=\"x\"><h:head><model/></h:head></h:html>")
        }
        #expect(noInstance.message.contains("no primary instance"))
        #expect(noInstance.description == "form.xml: no primary instance (a <model><instance> without id)")
    }

    @Test func aMissingFileIsOneLine() throws {
        let error = try #require(throws: XFormError.self) {
            try Extractor().readXForm(fileAt: URL(fileURLWithPath: "/nonexistent/form.xml"))
        }
        #expect(error.description == "/nonexistent/form.xml: cannot open the file")
    }
}
