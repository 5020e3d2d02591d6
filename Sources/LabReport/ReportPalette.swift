/// The colours of the page, in one place so the legend and the charts agree.
enum ReportPalette {
    static let primary = "#1f5f99"
    static let secondary = "#9ecae9"
    static let joining = "#f2c14e"
    static let unreachable = "#c8c8c8"
    static let otherRole = "#e6e6e6"

    static let operationOK = "#59a14f"
    static let operationFail = "#f28e2b"
    static let operationUnknown = "#9467bd"

    static let heartbeat = "#4c78a8"
    static let replicate = "#72b7b2"
    static let messageLost = "#d62728"
    static let messageFailed = "#ff9da7"

    static let processFault = "#b07aa1"
    static let networkFault = "#f28e2b"
    static let clockFault = "#76b7b2"
    static let instantFault = "#555555"

    static let violation = "#d62728"
    static let explained = "#8c8c8c"
    static let failover = "#222222"
    static let grid = "#ececec"

    static func role(_ role: String) -> String {
        switch role {
        case "PRIMARY": primary
        case "SECONDARY": secondary
        case "JOINING": joining
        case RoleSegment.unreachable: unreachable
        default: otherRole
        }
    }

    static func fault(_ category: FaultWindow.Category) -> String {
        switch category {
        case .process: processFault
        case .network: networkFault
        case .clock: clockFault
        case .instant: instantFault
        }
    }
}
