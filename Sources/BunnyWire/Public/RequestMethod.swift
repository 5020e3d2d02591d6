/// The request methods the router distinguishes.
public enum RequestMethod: Sendable, Equatable {
    case get
    case head
    case post
    case other
}
