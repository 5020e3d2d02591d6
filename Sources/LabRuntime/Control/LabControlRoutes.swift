import LabCore

/// The control API of a running lab (documented in `docs/lab.md`):
///
/// | route | answer |
/// |---|---|
/// | `GET /status` | nodes (process, role, epoch, …), links (faults, counters), applied faults |
/// | `GET /table` | the live table as text |
/// | `POST /faults` | apply one fault (`FaultRequest` JSON) → `{"applied": …}` |
/// | `POST /heal` | remove every network fault |
/// | `POST /down` | tear the lab down and exit |
public enum LabControlRoutes {
    public static func handler(cluster: LabCluster, onDown: @escaping @Sendable () -> Void) -> ControlServer.Handler {
        { request in
            switch (request.method, request.path) {
            case ("GET", "/status"):
                return .json(await cluster.statusJSON())
            case ("GET", "/table"):
                return .json(LabJSON.object([("table", LabJSON.string(await cluster.table()))]))
            case ("POST", "/faults"):
                if let problem = FaultRequest.problem(in: request.body) { return .error(problem) }
                guard let fault = try? FaultRequest.decode(request.body) else { return .error("invalid fault") }
                do {
                    let applied = try await cluster.apply(fault)
                    return .json(LabJSON.object([("applied", applied.jsonLine)]))
                } catch {
                    return .error("\(error)", status: 409)
                }
            case ("POST", "/heal"):
                return .json(LabJSON.object([("applied", await cluster.heal().jsonLine)]))
            case ("POST", "/down"):
                onDown()
                return .json(#"{"stopping":true}"#)
            case (_, "/status"), (_, "/table"), (_, "/faults"), (_, "/heal"), (_, "/down"):
                return .error("method \(request.method) not allowed on \(request.path)", status: 405)
            default:
                return .error(
                    "unknown route \(request.path) (routes: GET /status, GET /table, POST /faults, POST /heal, POST /down)",
                    status: 404)
            }
        }
    }
}
