import Foundation
import LabCheckers
import LabCore
import LabRuntime
import Testing

/// The `auction` workload end to end on a quiet pair of real daemons: bidders through the
/// modify protocol, watchers long-polling on both nodes, the final read, and every checker's
/// verdict on the run folder.
// Part of LabClusterTests' serialized suite: runs of real pairs must not overlap each
// other on 2 cores.
extension LabClusterTests {
    @Test func anAuctionOnAQuietPairIsHeardByEveryWatcher() async throws {
        let folder = LabTest.makeFolder()
        var options = WorkloadRunOptions(
            lab: try LabTest.options(folder: folder),
            workloads: [WorkloadSpecification(kind: .auction, clients: 4, rate: 100, watchers: 60)],
            duration: .seconds(6))
        options.settleTimeout = .seconds(10)
        let outcome = try await WorkloadRun.execute(options, progress: { print("auction run: \($0)") })
        #expect(outcome.notes.isEmpty, "\(outcome.notes)")
        let recording = try RunFolderCheck.recording(folder: folder)
        let watches = recording.history.filter { $0.kind == .watch && $0.workload == "auction" }
        #expect(Set(watches.map(\.client)).count == 60)
        // Both nodes answered watches.
        #expect(Set(watches.filter { $0.outcome == .ok }.map(\.node)).count == 2)
        let report = CheckReport(
            results: try RunFolderCheck.check(folder: folder, checkers: RunFolderCheck.standardCheckers))
        print(report.renderText(maximumEvidence: 5))
        for result in report.results {
            #expect(result.verdict == .ok, "\(result.checker): \(result.summary)")
        }
        let auction = try #require(report.results.first { $0.checker == "auction" })
        #expect((auction.figure("auction.bids") ?? 0) > 0)
        // Bidding stops 2 s before the end: every watcher hears the last bid.
        #expect(auction.figure("auction.watchers-at-final") == 60)
        // One bid answers many parked watchers.
        #expect((auction.figure("auction.answers-per-bid") ?? 0) > 1)
        LabTest.removeFolder(folder)
    }
}
