import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 27's acceptance for what a reader sees: Chromium lays out a copy of the demo's
/// `report.html` and `report.ar.html` with a measuring script injected at the end of the body,
/// which reports, from the rendered boxes:
/// - every pair of text boxes that overlap (text nodes' `Range.getClientRects`, an SVG text by its
///   element's box, all the lines of a wrapped label together; elements of class `in-bar` or
///   `tile-label` are exempt: labels inside a bar or a tile by design; text a collapsed
///   `<details>` hides is not seen);
/// - every visible text ending in an ellipsis, and every element cut with `text-overflow: ellipsis`;
/// - each stacked bar's segments (single-choice and legal-form charts) and their widths;
/// - the numeric questions that have a distribution chart;
/// - in the text, every number written with a sign (`+`, `−`, `-`) or a percent: where the sign
///   lands relative to the digits on the screen. The report writes figures with Western digits,
///   left to right, in every language, so a reader expects the sign on the left of the digits and
///   the percent on their right, in the Arabic report as in the English one (the bug this
///   catches: "−2.2" shown as "2.2−" in right-to-left text).
/// - for screen readers and keyboards: every chart (`<svg>`) with `role="img"`, a title and a
///   description; every table in a focusable region (`tabindex="0"`) with a name; every header
///   cell with its `scope`.
/// The test then compares what the script saw with the questionnaire. Chromium missing fails.
@Suite(.serialized) struct ReportLayoutTests {
    struct Box: Decodable { let text: String; let other: String; let left: Double; let top: Double }
    struct Stacked: Decodable { let question: String; let group: String; let options: [String]; let width: Double; let plot: Double }
    struct Sign: Decodable { let text: String; let kind: String; let sign: Double; let digits: Double }
    struct Layout: Decodable {
        let textBoxes: Int
        let overlaps: [Box]
        let ellipses: [String]
        let stacked: [Stacked]
        let numeric: [String]
        let signsChecked: Int
        let signsUnmeasured: [String]
        let wrongSigns: [Sign]
        let pageWidth: Double
        let viewportWidth: Double
        let unnamedCharts: [String]
        let tablesOutsideRegions: [String]
        let headersWithoutScope: Int
        let tables: Int
    }

    /// The measuring script (plain DOM APIs; no library).
    static let script = #"""
    (function () {
      const exempt = (element) => element.closest('.in-bar, .tile-label');
      const skip = (element) => element.closest('script, style, title, desc, #layout-report');
      const visible = (r) => r.width > 0.5 && r.height > 0.5;
      const pageRect = (r) => ({ l: r.left + scrollX, t: r.top + scrollY, r: r.right + scrollX, b: r.bottom + scrollY });
      const result = { textBoxes: 0, overlaps: [], ellipses: [], stacked: [], numeric: [], signsChecked: 0,
                       signsUnmeasured: [], wrongSigns: [], pageWidth: document.documentElement.scrollWidth,
                       viewportWidth: document.documentElement.clientWidth };
      const nodes = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const parent = node.parentElement;
        // A collapsed <details> keeps its content laid out but hidden (content-visibility): not seen.
        if (!parent || !node.nodeValue.trim() || skip(parent) || !parent.checkVisibility({ visibilityProperty: true })) continue;
        nodes.push(node);
      }
      // Text boxes: an SVG text by its element (a tspan or text), HTML text by its line boxes.
      const boxes = [];
      nodes.forEach((node, id) => {
        const parent = node.parentElement;
        if (exempt(parent)) return;
        let rects;
        if (parent instanceof SVGElement) {
          // The lines (tspans) of one wrapped label are one text element.
          const element = parent.closest('text') || parent;
          if (element !== parent && element.firstElementChild !== parent) return;
          rects = [element.getBoundingClientRect()];
        } else {
          const range = document.createRange();
          range.selectNodeContents(node);
          rects = Array.from(range.getClientRects());
        }
        for (const r of rects.filter(visible)) boxes.push({ id, text: node.nodeValue.trim().slice(0, 80), ...pageRect(r) });
      });
      result.textBoxes = boxes.length;
      // Overlaps, through a grid of 64-pixel cells: two boxes of different text nodes whose
      // intersection is more than 2 pixels wide and high.
      const cells = new Map();
      const size = 64;
      boxes.forEach((box, index) => {
        for (let x = Math.floor(box.l / size); x <= Math.floor(box.r / size); x++) {
          for (let y = Math.floor(box.t / size); y <= Math.floor(box.b / size); y++) {
            const key = x + ',' + y;
            if (!cells.has(key)) cells.set(key, []);
            cells.get(key).push(index);
          }
        }
      });
      const seen = new Set();
      for (const list of cells.values()) {
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const a = boxes[list[i]], b = boxes[list[j]];
            if (a.id === b.id) continue;
            const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
            if (w > 2 && h > 2) {
              const key = Math.min(list[i], list[j]) + '-' + Math.max(list[i], list[j]);
              if (seen.has(key)) continue;
              seen.add(key);
              result.overlaps.push({ text: a.text, other: b.text, left: Math.round(a.l), top: Math.round(a.t) });
            }
          }
        }
      }
      // Ellipses: a visible text ending in one, or an element that CSS cuts with one.
      for (const node of nodes) {
        const text = node.nodeValue.trim();
        if (!(text.endsWith('\u2026') || text.endsWith('...'))) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if (Array.from(range.getClientRects()).some(visible)) result.ellipses.push(text.slice(-80));
      }
      for (const element of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(element);
        if (style.textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth) {
          result.ellipses.push('(css) ' + element.textContent.trim().slice(0, 80));
        }
      }
      // Stacked bars: their segments, in order, and the widths they add up to.
      for (const bar of document.querySelectorAll('g.stacked-bar')) {
        const segments = Array.from(bar.querySelectorAll('rect.segment'));
        const svg = bar.closest('svg');
        result.stacked.push({
          question: bar.dataset.question, group: bar.dataset.group,
          options: segments.map((s) => s.dataset.option),
          width: segments.reduce((sum, s) => sum + s.width.baseVal.value, 0),
          plot: Number(svg.dataset.plot || 0),
        });
      }
      result.numeric = Array.from(new Set(Array.from(document.querySelectorAll('g.distribution')).map((g) => g.dataset.question)));
      // Signs and percents: where they land beside their digits.
      const rectOf = (node, start, end) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, end);
        const rects = Array.from(range.getClientRects()).filter(visible);
        if (rects.length === 0) return null;
        return { l: Math.min(...rects.map((r) => r.left)), r: Math.max(...rects.map((r) => r.right)) };
      };
      const signed = /(^|[\s(\[\u2066\u2067\u2068\u200e\u200f:=])([+\u2212-])(\d[\d.,]*)/g;
      const percent = /(\d[\d.,]*)(%)/g;
      for (const node of nodes) {
        const text = node.nodeValue;
        for (const [pattern, kind] of [[signed, 'sign'], [percent, 'percent']]) {
          pattern.lastIndex = 0;
          let match;
          while ((match = pattern.exec(text))) {
            let signAt, digitsAt, digitsEnd;
            if (kind === 'sign') {
              signAt = match.index + match[1].length;
              digitsAt = signAt + 1;
              digitsEnd = digitsAt + match[3].length;
            } else {
              digitsAt = match.index;
              digitsEnd = digitsAt + match[1].length;
              signAt = digitsEnd;
            }
            const sign = rectOf(node, signAt, signAt + 1), digits = rectOf(node, digitsAt, digitsEnd);
            const context = text.slice(Math.max(0, match.index - 20), match.index + match[0].length + 20).trim();
            if (!sign || !digits) {
              // Not on screen (a collapsed table): nothing a reader sees.
              const parent = node.parentElement;
              if (parent.getClientRects().length > 0 && !(parent instanceof SVGElement)) result.signsUnmeasured.push(context);
              continue;
            }
            result.signsChecked++;
            const right = kind === 'sign' ? sign.r <= digits.l + 1 : sign.l >= digits.r - 1;
            if (!right) result.wrongSigns.push({ text: context, kind, sign: Math.round(sign.l), digits: Math.round(digits.l) });
          }
        }
      }
      // Accessibility: every chart an image with a name and a description; every table in a
      // focusable, named region; every header cell with its scope.
      result.unnamedCharts = [];
      for (const svg of document.querySelectorAll('svg')) {
        if (svg.parentElement.closest('svg')) continue;
        const title = svg.querySelector(':scope > title'), desc = svg.querySelector(':scope > desc');
        const named = (svg.getAttribute('aria-label') || (title && title.textContent.trim())) && desc && desc.textContent.trim();
        if (svg.getAttribute('role') !== 'img' || !named) result.unnamedCharts.push((svg.getAttribute('class') || 'svg') + ': ' + (title ? title.textContent.slice(0, 60) : '(no title)'));
      }
      result.tablesOutsideRegions = [];
      for (const table of document.querySelectorAll('table')) {
        const wrap = table.parentElement;
        if (!wrap.matches('div.table-wrap[role=region][tabindex="0"]') || !wrap.getAttribute('aria-label')) {
          result.tablesOutsideRegions.push(table.textContent.trim().slice(0, 60));
        }
      }
      result.headersWithoutScope = document.querySelectorAll('th:not([scope=col]):not([scope=row])').length;
      result.tables = document.querySelectorAll('table').length;
      const out = document.createElement('pre');
      out.id = 'layout-report';
      out.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(result))));
      document.body.appendChild(out);
    })();
    """#

    /// What the measuring script saw in a copy of `page`, laid out at 1200 pixels wide.
    static func measure(_ page: URL) async throws -> Layout {
        let html = try String(contentsOf: page, encoding: .utf8)
        guard let end = html.range(of: "</body>", options: .backwards) else { throw CocoaError(.fileReadCorruptFile) }
        let copy = Fixtures.temporaryFolder("report-layout").appendingPathComponent(page.lastPathComponent)
        let measured = html.replacingCharacters(in: end, with: "<script>\n\(script)\n</script></body>")
        try Data(measured.utf8).write(to: copy)
        let result = try await HeadlessChromium.dumpDOM(copy, windowSize: "1200,2400")
        #expect(result.status == 0, "chromium: \(result.errors.suffix(500))")
        guard let open = result.text.range(of: "<pre id=\"layout-report\">"),
            let close = result.text.range(of: "</pre>", range: open.upperBound..<result.text.endIndex),
            let data = Data(base64Encoded: String(result.text[open.upperBound..<close.lowerBound]))
        else {
            Issue.record("the measuring script wrote no result: \(result.errors.suffix(800))")
            throw CocoaError(.fileReadCorruptFile)
        }
        return try JSONDecoder().decode(Layout.self, from: data)
    }

    func check(_ name: String) async throws -> Layout {
        _ = try HeadlessChromium.executable()  // fails, never skips, without Chromium
        let output = try await ReportTests.shared.value
        // The page stays light enough to send (issue 27: under 2 MB; a size, not a time, so a test).
        let bytes = try Data(contentsOf: output.appendingPathComponent(name)).count
        #expect(bytes < 2_000_000, "\(name) is \(bytes) bytes")
        let layout = try await Self.measure(output.appendingPathComponent(name))
        let questionnaire = Fixtures.questionnaire
        print("\(name): \(layout.textBoxes) text boxes, \(layout.stacked.count) stacked bars, \(layout.numeric.count) numeric charts, \(layout.signsChecked) signed figures measured")
        #expect(layout.textBoxes > 1000, "\(name): the script measured \(layout.textBoxes) text boxes")
        #expect(layout.overlaps.isEmpty, "\(name): \(layout.overlaps.count) overlapping text boxes, e.g. \(layout.overlaps.prefix(8))")
        #expect(layout.ellipses.isEmpty, "\(name): labels cut with an ellipsis: \(layout.ellipses.prefix(8))")
        #expect(layout.pageWidth <= layout.viewportWidth, "\(name): the page is wider (\(layout.pageWidth)) than the window (\(layout.viewportWidth))")
        // Every single-choice and legal-form question: a stacked bar per group, a segment per
        // option (unknown options included) and one for "not answered", filling the plot.
        let stackedQuestions = questionnaire.questions.filter { $0.type == .singleChoice || $0.type == .legalForm }
        let byQuestion = Dictionary(grouping: layout.stacked, by: \.question)
        for question in stackedQuestions {
            let bars = byQuestion[question.id] ?? []
            #expect(!bars.isEmpty, "\(name): \(question.id) has no stacked chart")
            for bar in bars {
                #expect(bar.options == question.choices.map(\.code) + ["not_answered"], "\(name): \(question.id) \(bar.group): \(bar.options)")
                #expect(abs(bar.width - bar.plot) < 1, "\(name): \(question.id) \(bar.group): segments \(bar.width) wide in a plot of \(bar.plot)")
            }
        }
        #expect(Set(byQuestion.keys).isSubset(of: Set(stackedQuestions.map(\.id))), "\(name): stacked charts of other questions")
        let numeric = Set(questionnaire.questions.filter { $0.type.isNumeric }.map(\.id))
        #expect(!numeric.isEmpty)
        #expect(Set(layout.numeric) == numeric, "\(name): numeric questions without a chart: \(numeric.subtracting(layout.numeric).sorted())")
        // Signs and percents: seen, and where a reader expects them.
        #expect(layout.signsChecked > 50, "\(name): only \(layout.signsChecked) signed figures measured")
        #expect(layout.signsUnmeasured.isEmpty, "\(name): figures on screen the script could not measure: \(layout.signsUnmeasured.prefix(5))")
        #expect(layout.wrongSigns.isEmpty, "\(name): \(layout.wrongSigns.count) signs on the wrong side, e.g. \(layout.wrongSigns.prefix(8))")
        // For screen readers and keyboards (issue 27 item 6).
        #expect(layout.tables > 10)
        #expect(layout.unnamedCharts.isEmpty, "\(name): charts without role=img, a title and a description: \(layout.unnamedCharts.prefix(8))")
        #expect(layout.tablesOutsideRegions.isEmpty, "\(name): tables outside a focusable named region: \(layout.tablesOutsideRegions.prefix(5))")
        #expect(layout.headersWithoutScope == 0, "\(name): \(layout.headersWithoutScope) header cells without a scope")
        return layout
    }

    @Test func theEnglishReportLaysOutCleanly() async throws {
        _ = try await check("report.html")
    }

    @Test func theArabicReportLaysOutCleanlyWithSignsWhereAReaderExpectsThem() async throws {
        let layout = try await check("report.ar.html")
        #expect(layout.wrongSigns.isEmpty)
    }

    /// The script itself: a page with two overlapping labels, a cut label, and a sign that lands
    /// on the wrong side in right-to-left text must each be caught, or the checks prove nothing.
    @Test func theMeasuringScriptCatchesWhatItLooksFor() async throws {
        _ = try HeadlessChromium.executable()
        let page = Fixtures.temporaryFolder("report-layout-control").appendingPathComponent("control.html")
        let html = """
            <!DOCTYPE html><html dir="rtl" lang="ar"><body>
            <svg width="300" height="60"><text x="10" y="20">Overlapping label</text><text x="20" y="22">another label</text></svg>
            <p>التغير −2.2 نقطة</p><p>Long label that was cut…</p>
            <svg width="300" height="30" data-plot="100"><g class="stacked-bar" data-question="q" data-group="world:001"><rect class="segment" data-option="yes" width="40" height="10"/><rect class="segment" data-option="not_answered" width="50" height="10"/></g></svg>
            </body></html>
            """
        try Data(html.utf8).write(to: page)
        let layout = try await Self.measure(page)
        #expect(layout.overlaps.count == 1)
        #expect(layout.ellipses == ["Long label that was cut…"])
        #expect(layout.wrongSigns.map(\.text) == ["التغير −2.2 نقطة"])
        #expect(layout.stacked.first?.options == ["yes", "not_answered"] && layout.stacked.first?.width == 90)
    }
}
