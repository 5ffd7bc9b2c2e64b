import Foundation

/// Runs blocking work (waiting for a child process, polling a socket) on a dispatch thread, so
/// that async tests do not hold one of the few cooperative threads (two on a 2-core CI machine)
/// that the code under test needs.
public func offload<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Swift.Result { try work() })
        }
    }
}
