@testable import LabRuntime
import Testing

@Suite("Secrets are kept out of logged command lines")
struct CommandLineRedactionTests {
    @Test func everySpellingOfASecretFlagIsRedacted() {
        let arguments = [
            "--dev", "--internal-token=tok", "-routing-secret", "r", "--store-keys", "1:ab", "-store-keys=2:cd",
            "--store-key-current=1", "--uds=/tmp/x.sock",
        ]
        #expect(
            CommandLineRedaction.redacted(arguments) == [
                "--dev", "--internal-token=<redacted>", "-routing-secret", "<redacted>", "--store-keys", "<redacted>",
                "-store-keys=<redacted>", "--store-key-current=1", "--uds=/tmp/x.sock",
            ])
    }
}
