import Foundation
import SurveyExtract
import SurveyModel
import SurveyDefinitions
import Testing

/// From an XForm's `<repeat>`s to the questionnaire's repeat groups (issue 20): sub-questions
/// with their types, choices and labels, nested repeats, positions, and what still has no place.
@Suite struct XFormRepeatTests {
    func questionnaire(_ xml: String, chapters: [String: Chapter] = [:]) throws -> Questionnaire {
        try Questionnaire.from(xform: Extractor().readXForm(bytes: Array(xml.utf8), path: "form.xml"), chapters: chapters)
    }

    /// A form the way pyxform writes one: a `jr:template` copy and a plain copy of each repeat,
    /// the label on a `<group>` around the `<repeat>`, itext labels in two languages, an itemset.
    static let laws = """
        <?xml version="1.0"?>
        <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
          xmlns:jr="http://openrosa.org/javarosa" xmlns:unodc="https://www.unodc.org/legisurvey/xform">
          <h:head>
            <h:title>Laws</h:title>
            <model>
              <itext>
                <translation lang="English (en)" default="true()">
                  <text id="/data/laws:label"><value>Laws</value></text>
                  <text id="/data/laws/title:label"><value>Title</value></text>
                  <text id="/data/laws/status:label"><value>Status</value></text>
                  <text id="/data/laws/amendments:label"><value>Amendments</value></text>
                  <text id="/data/laws/amendments/year:label"><value>Year</value></text>
                  <text id="status-0"><value>In force</value></text>
                  <text id="status-1"><value>Draft</value></text>
                </translation>
                <translation lang="French (fr)">
                  <text id="/data/laws:label"><value>Lois</value></text>
                  <text id="/data/laws/title:label"><value>Titre</value></text>
                  <text id="/data/laws/status:label"><value>Statut</value></text>
                  <text id="/data/laws/amendments:label"><value>Modifications</value></text>
                  <text id="/data/laws/amendments/year:label"><value>Année</value></text>
                  <text id="status-0"><value>En vigueur</value></text>
                  <text id="status-1"><value>Projet</value></text>
                </translation>
              </itext>
              <instance>
                <data id="laws-form" version="1">
                  <country/>
                  <ch3><ch3_specific_law/></ch3>
                  <laws jr:template="">
                    <title/><status/><note_here/>
                    <amendments jr:template=""><year/></amendments>
                  </laws>
                  <laws>
                    <title/><status/><note_here/>
                    <amendments><year/></amendments>
                  </laws>
                  <meta><instanceID/></meta>
                </data>
              </instance>
              <instance id="status">
                <root>
                  <item><itextId>status-0</itextId><name>in_force</name></item>
                  <item><itextId>status-1</itextId><name>draft</name></item>
                </root>
              </instance>
              <bind nodeset="/data/country" type="string"/>
              <bind nodeset="/data/ch3/ch3_specific_law" type="string"/>
              <bind nodeset="/data/laws" unodc:chapter="3"/>
              <bind nodeset="/data/laws/title" type="string"/>
              <bind nodeset="/data/laws/status" type="string"/>
              <bind nodeset="/data/laws/note_here" type="string" readonly="true()"/>
              <bind nodeset="/data/laws/amendments/year" type="int" constraint=". &gt;= 1950 and . &lt;= 2030"/>
              <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
            </model>
          </h:head>
          <h:body>
            <input ref="/data/country"><label>Country</label></input>
            <group ref="/data/ch3">
              <input ref="/data/ch3/ch3_specific_law"><label>Specific law?</label></input>
            </group>
            <group ref="/data/laws">
              <label ref="jr:itext('/data/laws:label')"/>
              <repeat nodeset="/data/laws">
                <input ref="/data/laws/title"><label ref="jr:itext('/data/laws/title:label')"/></input>
                <select1 ref="/data/laws/status">
                  <label ref="jr:itext('/data/laws/status:label')"/>
                  <itemset nodeset="instance('status')/root/item">
                    <value ref="name"/><label ref="jr:itext(itextId)"/>
                  </itemset>
                </select1>
                <input ref="/data/laws/note_here"><label>Note</label></input>
                <group ref="/data/laws/amendments">
                  <label ref="jr:itext('/data/laws/amendments:label')"/>
                  <repeat nodeset="/data/laws/amendments">
                    <input ref="/data/laws/amendments/year"><label ref="jr:itext('/data/laws/amendments/year:label')"/></input>
                  </repeat>
                </group>
              </repeat>
            </group>
          </h:body>
        </h:html>
        """

    @Test func aRepeatBecomesARepeatGroupWithItsSubQuestions() throws {
        let questionnaire = try questionnaire(Self.laws)
        #expect(questionnaire.questions.map(\.id) == ["ch3_specific_law"])
        #expect(questionnaire.repeats.map(\.id) == ["laws"])
        let laws = try #require(questionnaire.repeatGroup(path: ["laws"]))
        #expect(laws.chapter == .legislation)  // unodc:chapter on the repeat's bind
        #expect(laws.position == 1)  // after the one question before it
        #expect(laws.label == LocalizedText([.en: "Laws", .fr: "Lois"]))
        // The readonly note is not a question; the nested repeat is not one of its questions.
        #expect(laws.questions.map(\.id) == ["title", "status"])
        #expect(laws.questions.allSatisfy { $0.chapter == .legislation })
        let status = try #require(laws.question(id: "status"))
        #expect(status.type == .singleChoice)
        #expect(status.choiceList == "status")
        #expect(status.choices.map(\.code) == ["in_force", "draft"])
        #expect(status.choices.first?.label == LocalizedText([.en: "In force", .fr: "En vigueur"]))
        #expect(laws.question(id: "title")?.type == .text)
        #expect(laws.question(id: "title")?.label == LocalizedText([.en: "Title", .fr: "Titre"]))

        let amendments = try #require(questionnaire.repeatGroup(path: ["laws", "amendments"]))
        #expect(laws.repeats.map(\.id) == ["amendments"])
        #expect(amendments.position == 2)  // after title and status
        #expect(amendments.chapter == .legislation)  // inherited from laws
        #expect(amendments.label[.fr] == "Modifications")
        let year = try #require(amendments.question(id: "year"))
        #expect(year.type == .integer)
        #expect(year.minimum == 1950)
        #expect(year.maximum == 2030)

        // Nothing is left without a place: no answer inside these repeats is dropped.
        #expect(questionnaire.repeatFields.isEmpty)
        #expect(questionnaire.otherFields.contains("note_here"))
        #expect(questionnaire.allRepeatGroups.map(\.path) == [["laws"], ["laws", "amendments"]])
    }

    /// A form without body `<repeat>`s still has repeats: a `jr:template` node (or a node the
    /// instance holds twice) is one, and a top-level chapter group gives it its chapter.
    @Test func aTemplateInTheInstanceIsARepeatAndAGroupGivesItsChapter() throws {
        let questionnaire = try questionnaire(
            """
            <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa">
              <h:head><h:title>T</h:title><model>
                <instance><data id="t">
                  <ch4><ch4_q/><acts jr:template=""><act/><cites/></acts></ch4>
                </data></instance>
                <bind nodeset="/data/ch4/ch4_q" type="string"/>
                <bind nodeset="/data/ch4/acts/act" type="select"/>
                <bind nodeset="/data/ch4/acts/cites" type="int"/>
              </model></h:head>
              <h:body>
                <group ref="/data/ch4">
                  <input ref="/data/ch4/ch4_q"><label>Q</label></input>
                  <select ref="/data/ch4/acts/act"><label>Acts</label>
                    <item><label>Access</label><value>access</value></item>
                    <item><label>Spam</label><value>spam</value></item>
                  </select>
                  <input ref="/data/ch4/acts/cites"><label>Cites</label></input>
                </group>
              </h:body>
            </h:html>
            """)
        #expect(questionnaire.questions.map(\.id) == ["ch4_q"])
        let acts = try #require(questionnaire.repeatGroup(path: ["acts"]))
        #expect(acts.chapter == .criminalization)
        #expect(acts.position == 1)
        #expect(acts.questions.map(\.id) == ["act", "cites"])
        #expect(acts.questions.map(\.type) == [.multipleChoice, .integer])
        #expect(acts.question(id: "act")?.choices.map(\.code) == ["access", "spam"])
    }

    /// The pipeline file's `chapters` map places a top-level repeat by its name, and a sub-question
    /// may share its id with a top-level question (ids inside a repeat are local).
    @Test func theChaptersMapPlacesARepeatAndIdsAreLocal() throws {
        let xml = """
            <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
              <h:head><h:title>T</h:title><model>
                <instance><data id="t"><year/><practices><year/><title/></practices></data></instance>
                <bind nodeset="/data/year" type="int"/>
              </model></h:head>
              <h:body>
                <input ref="/data/year"><label>Year</label></input>
                <repeat nodeset="/data/practices">
                  <input ref="/data/practices/year"><label>Year</label></input>
                  <input ref="/data/practices/title"><label>Title</label></input>
                </repeat>
              </h:body>
            </h:html>
            """
        let placed = try questionnaire(xml, chapters: ["year": .legislation, "practices": .prevention])
        #expect(placed.questions.map(\.id) == ["year"])
        #expect(placed.repeats.map(\.id) == ["practices"])
        #expect(placed.repeats.first?.chapter == .prevention)
        #expect(placed.repeats.first?.questions.map(\.id) == ["year", "title"])
        #expect(placed.repeatFields.isEmpty)

        // Without a chapter the repeat has no place: its fields stay repeat fields (their answers
        // are dropped as answer-in-repeat), as before repeat groups existed.
        let unplaced = try questionnaire(xml, chapters: ["year": .legislation])
        #expect(unplaced.repeats.isEmpty)
        #expect(unplaced.repeatFields == ["title"])  // `year` is also a question: not a repeat field
    }

    @Test func badRepeatsAreOneLineErrors() throws {
        func failure(_ instance: String, _ body: String) -> String {
            let xml = """
                <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:unodc="u">
                  <h:head><h:title>T</h:title><model>
                    <instance><data id="t">\(instance)</data></instance>
                  </model></h:head>
                  <h:body>\(body)</h:body>
                </h:html>
                """
            do {
                _ = try questionnaire(xml, chapters: ["laws": .legislation, "ch3_q": .legislation])
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        // Two fields of one name in one repeat (through a plain group).
        let twice = failure(
            "<laws><title/><g><title/></g></laws>",
            """
            <repeat nodeset="/data/laws"><input ref="/data/laws/title"/>
            <group ref="/data/laws/g"><input ref="/data/laws/g/title"/></group></repeat>
            """)
        #expect(twice.contains("repeat laws: question title: the name occurs twice in the repeat"), "\(twice)")
        #expect(!twice.contains("\n"))
        // A repeat and a question of one name.
        let clash = failure(
            "<ch3><laws/></ch3><laws><title/></laws>",
            """
            <group ref="/data/ch3"><input ref="/data/ch3/laws"/></group>
            <repeat nodeset="/data/laws"><input ref="/data/laws/title"/></repeat>
            """)
        #expect(clash.contains("repeat laws: the name occurs twice"), "\(clash)")
        // A repeat holding nothing a respondent answers.
        let empty = failure("<laws><calc/></laws>", #"<repeat nodeset="/data/laws"></repeat>"#)
        #expect(empty.contains("repeat laws: it holds no question"), "\(empty)")
    }
}
