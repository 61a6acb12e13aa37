#include "FuzzDriver.h"

#include <stddef.h>
#include <stdint.h>

// Defined by each fuzz target (in Swift, with @_cdecl).
extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// libFuzzer's entry point for programs with their own main (compiler-rt, FuzzerDriver.cpp).
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int legisurvey_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
