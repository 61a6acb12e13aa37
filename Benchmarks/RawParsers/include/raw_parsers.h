#ifndef LEGISURVEY_BENCH_RAW_PARSERS_H
#define LEGISURVEY_BENCH_RAW_PARSERS_H
// The parsers' own speed limit: libxml2's SAX and libcsv over a file, with no work per record
// beyond counting. The benchmark compares LegiSurvey's extract + transform with these on the same
// files, in the same process (BENCHMARKS.md).
#include <stddef.h>

typedef struct {
    long long bytes;     // bytes read
    long long records;   // XML: elements; CSV: rows
    long long values;    // XML: text callbacks; CSV: fields
    int errors;          // files that did not parse
} raw_counts;

// Parses one XML file with libxml2's push SAX parser in chunks of `chunk` bytes (XML_PARSE_NONET,
// as LegiSurvey), counting elements and text callbacks into `counts`.
void raw_sax_file(const char *path, size_t chunk, raw_counts *counts);

// Parses one CSV file with libcsv (CSV_STRICT | CSV_STRICT_FINI, as LegiSurvey) in chunks of `chunk` bytes,
// counting fields and rows into `counts`.
void raw_csv_file(const char *path, size_t chunk, raw_counts *counts);
#endif
