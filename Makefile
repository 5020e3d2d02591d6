# Sanitized runs of the whole test suite (docs/reliability.md, "Sanitizers").
# Each sanitizer builds into its own scratch folder so the normal .build stays untouched;
# the integration tests spawn the `bbd` built next to the test bundle, so the daemon runs
# sanitized too.
.PHONY: asan tsan fuzz test

# Leak checking stays on for our code and for the spawned daemons; the suppressions file
# names the one known leak outside it.
asan: export LSAN_OPTIONS = suppressions=$(CURDIR)/.sanitizers/lsan-suppressions.txt
# libfaketime and a sanitized bbd (ASan or TSan) hang at start-up (both intercept
# clock_gettime before either is initialised), so sanitized runs go without it, as on a
# machine that lacks it: the lab starts daemons without the preload and the clock-skew tests
# are skipped.
asan tsan: export BBLAB_LIBFAKETIME = none
# Swift's crash backtracer spawns a helper from the signal handler, which trips the
# sanitizers' own checks (a TSan CHECK failure in clone; an ASan report inside the helper)
# and then hangs; the sanitizers print the crash's stack themselves.
asan tsan: export SWIFT_BACKTRACE = enable=no
# Tests that bound a daemon's resident memory skip the bound when this is set: a sanitizer's
# shadow memory and quarantine make resident figures meaningless.
asan: export BUNNY_SANITIZER = address
tsan: export BUNNY_SANITIZER = thread

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
