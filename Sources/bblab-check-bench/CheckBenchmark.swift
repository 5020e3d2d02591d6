import LabCheckers

/// `bblab-check-bench [--operations N] [--keys N] [--clients N] [--seed N] [--budget-seconds N]`:
/// generates a linearizable `register` history and times the linearizability checker on it.
@main
struct CheckBenchmark {
    static func main() {
        let configuration: CheckBenchmarkConfiguration
        do {
            configuration = try CheckBenchmarkConfiguration(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            print("bblab-check-bench: \(error)")
            print(CheckBenchmarkConfiguration.usage)
            return
        }
        print(CheckBenchmarkRun(configuration).run().lines.joined(separator: "\n"))
    }
}
