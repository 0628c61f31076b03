import Dispatch
import NeighbourhoodGeometry
import Synchronization
import Testing
@testable import NeighbourhoodProjection

@Suite("Transformer pool")
struct TransformerPoolTests {
    @Test("a transformer given back is handed out again for the same transformation only")
    func reuse() throws {
        let pool = TransformerPool(capacityPerTransformation: 1)
        let a = try pool.take(from: "EPSG:4326", to: "EPSG:27700")
        pool.giveBack(a)
        let other = try pool.take(from: "EPSG:4326", to: "EPSG:32630")
        #expect(other !== a)
        let again = try pool.take(from: "EPSG:4326", to: "EPSG:27700")
        #expect(again === a)
        // Capacity 1: a second idle transformer for the same pair is released, not kept.
        let b = try pool.take(from: "EPSG:4326", to: "EPSG:27700")
        #expect(b !== a)
        pool.giveBack(a)
        pool.giveBack(b)
        let first = try pool.take(from: "EPSG:4326", to: "EPSG:27700")
        let second = try pool.take(from: "EPSG:4326", to: "EPSG:27700")
        #expect(first === a && second !== b)
    }

    @Test("an unknown CRS is PROJ's error, and nothing is pooled for it")
    func unknown() {
        let pool = TransformerPool()
        #expect(throws: ProjectionError.self) { try pool.take(from: "EPSG:4326", to: "EPSG:999999") }
    }

    @Test("transformers handed between threads give the same answers as fresh ones")
    func acrossThreads() throws {
        let pool = TransformerPool()
        let leeds = Point(x: -1.5491, y: 53.7997)
        let expected = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700").transform(leeds)
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            guard let t = try? pool.take(from: "EPSG:4326", to: "EPSG:27700") else {
                wrong.withLock { $0 += 1 }
                return
            }
            var points = [leeds]
            t.transform(&points)
            if abs(points[0].x - expected.x) > 1e-9 || abs(points[0].y - expected.y) > 1e-9 {
                wrong.withLock { $0 += 1 }
            }
            pool.giveBack(t)
        }
        #expect(wrong.withLock { $0 } == 0)
    }
}
