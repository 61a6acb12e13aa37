import Testing

@testable import SurveyPublish

/// ``Swift/Array/withEachInPlace(_:)``, which hands a table's rows to its checks and cell makers
/// without copying them: every element is seen once, in order, and put back where it was; a value
/// returned stops the walk.
@Suite struct InPlaceRowsTests {
    final class Box {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    struct Row {
        var name: String
        var box: Box
    }

    @Test func everyElementIsSeenInOrderAndPutBack() {
        var rows = (0..<100).map { Row(name: "row \($0) of a text too long to be stored inline", box: Box($0)) }
        var seen: [Int] = []
        let stopped: Int? = rows.withEachInPlace { row, index in
            seen.append(index)
            #expect(row.box.value == index && row.name.hasPrefix("row \(index) "))
            return nil
        }
        #expect(stopped == nil && seen == Array(0..<100))
        #expect(rows.map(\.box.value) == Array(0..<100))
        // Put back, not copied: each box is held by its row alone.
        for index in rows.indices { #expect(isKnownUniquelyReferenced(&rows[index].box)) }
    }

    @Test func aReturnedValueStopsTheWalkWithEveryElementInPlace() {
        var rows = (0..<10).map { Row(name: "\($0)", box: Box($0)) }
        var calls = 0
        let found = rows.withEachInPlace { row, index -> String? in
            calls += 1
            return row.box.value == 4 ? "stopped at \(index)" : nil
        }
        #expect(found == "stopped at 4" && calls == 5)
        #expect(rows.map(\.name) == (0..<10).map { "\($0)" })
        for index in rows.indices { #expect(isKnownUniquelyReferenced(&rows[index].box)) }
        var empty: [Row] = []
        #expect(empty.withEachInPlace { _, _ -> Int? in 1 } == nil)
    }

    @Test func aSharedArrayIsLeftAsItWas() {
        // Another holder of the same buffer keeps its elements: the walk works on a copy of it.
        var rows = [Row(name: "a", box: Box(1)), Row(name: "b", box: Box(2))]
        let other = rows
        _ = rows.withEachInPlace { _, _ -> Never? in nil }
        #expect(other.map(\.name) == ["a", "b"] && rows.map(\.name) == ["a", "b"])
        #expect(other[0].box === rows[0].box)
    }
}
