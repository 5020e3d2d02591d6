/// When a pair's promotion happened, as far as the status timeline can tell: after
/// `startNanoseconds` (the new primary's last sample that did not show it leading at this
/// epoch) and no later than `endNanoseconds` (its first sample that did).
struct PromotionBracket: Sendable, Hashable {
    var startNanoseconds: Int64
    var endNanoseconds: Int64
    /// The epoch the promotion started.
    var epoch: UInt64

    /// Whether an operation over [invoke, complete] may have run across the promotion instant;
    /// `nil` completion: may take effect at any time after its invocation.
    func overlaps(invokeNanoseconds: Int64, completeNanoseconds: Int64?) -> Bool {
        invokeNanoseconds < endNanoseconds && (completeNanoseconds ?? Int64.max) > startNanoseconds
    }

    /// The promotion brackets of the given pairs, sorted, overlapping brackets merged (an
    /// operation between two close promotions could not be placed in either epoch anyway).
    static func brackets(of pairs: some Sequence<Int>, timeline: LeadershipTimeline) -> [PromotionBracket] {
        var brackets: [PromotionBracket] = []
        for pair in pairs {
            for term in timeline.promotions(inPair: pair) {
                brackets.append(
                    PromotionBracket(
                        startNanoseconds: term.startEarliestNanoseconds,
                        endNanoseconds: max(term.firstSeenNanoseconds, term.startEarliestNanoseconds), epoch: term.epoch
                    )
                )
            }
        }
        brackets.sort {
            ($0.startNanoseconds, $0.endNanoseconds, $0.epoch) < ($1.startNanoseconds, $1.endNanoseconds, $1.epoch)
        }
        var merged: [PromotionBracket] = []
        for bracket in brackets {
            if var last = merged.last, bracket.startNanoseconds <= last.endNanoseconds {
                last.endNanoseconds = max(last.endNanoseconds, bracket.endNanoseconds)
                last.epoch = max(last.epoch, bracket.epoch)
                merged[merged.count - 1] = last
            } else {
                merged.append(bracket)
            }
        }
        return merged
    }
}
