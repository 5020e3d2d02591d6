# Sanitized runs of the whole test suite (docs/reliability.md, "Sanitizers").
# Each sanitizer builds into its own scratch folder so the normal .build stays untouched;
# the integration tests spawn the `bbd` built next to the test bundle, so the daemon runs
# sanitized too.
.PHONY: asan tsan fuzz test

test:
	scripts/test

asan:
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	swift test --skip-build --sanitize=address --scratch-path .build-asan

tsan:
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	swift test --skip-build --sanitize=thread --scratch-path .build-tsan

fuzz:
	scripts/fuzz
