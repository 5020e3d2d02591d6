/// A failure while talking to a lab (not a usage error): printed as `Error: …`, exit 1.
struct LabCommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
