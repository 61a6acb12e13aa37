#ifndef LEGISURVEY_FUZZ_DRIVER_H
#define LEGISURVEY_FUZZ_DRIVER_H

/// Runs libFuzzer's driver (command-line flags, corpus, mutations) over the target's
/// LLVMFuzzerTestOneInput: what libFuzzer's own main() does. SwiftPM on Linux links an
/// executable with `--defsym main=<Target>_main`, so each target defines <Target>_main and
/// calls this instead of relying on libFuzzer's main.
int legisurvey_fuzz_main(int argc, char **argv);

#endif
