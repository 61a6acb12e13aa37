// A bounded max-heap that keeps the smallest values offered: the Monte Carlo's order statistics.

/// A bounded max-heap in `capacity` slots that keeps the `capacity` smallest values offered.
enum SmallestValuesHeap {
    /// Offers the `filled`-th value (1-based): the first `capacity` are pushed, later ones
    /// replace the largest kept when smaller.
    @inline(__always)
    static func offer(_ value: Int32, to heap: UnsafeMutablePointer<Int32>, capacity: Int, filled: Int) {
        if filled <= capacity {
            var child = filled - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent] < value else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = value
        } else if value < heap[0] {
            var parent = 0
            while true {
                var child = 2 * parent + 1
                guard child < capacity else { break }
                if child + 1 < capacity, heap[child + 1] > heap[child] { child += 1 }
                guard heap[child] > value else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = value
        }
    }
}
