#include "raw_parsers.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <csv.h>

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes) {
    (void)localname; (void)prefix; (void)uri; (void)nb_namespaces; (void)namespaces;
    (void)nb_attributes; (void)nb_defaulted; (void)attributes;
    ((raw_counts *)ctx)->records++;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)ctx; (void)localname; (void)prefix; (void)uri;
}

static void on_characters(void *ctx, const xmlChar *text, int length) {
    (void)text; (void)length;
    ((raw_counts *)ctx)->values++;
}

static void on_error(void *ctx, const char *message, ...) { (void)ctx; (void)message; }

void raw_sax_file(const char *path, size_t chunk, raw_counts *counts) {
    FILE *file = fopen(path, "rb");
    if (!file) { counts->errors++; return; }
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = on_start;
    handler.endElementNs = on_end;
    handler.characters = on_characters;
    handler.error = on_error;
    char *buffer = malloc(chunk);
    xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(&handler, counts, NULL, 0, path);
    xmlCtxtUseOptions(parser, XML_PARSE_NONET);
    size_t got;
    int failed = 0;
    while (!failed && (got = fread(buffer, 1, chunk, file)) > 0) {
        counts->bytes += (long long)got;
        failed = xmlParseChunk(parser, buffer, (int)got, 0) != 0;
    }
    if (!failed) failed = xmlParseChunk(parser, NULL, 0, 1) != 0;
    if (failed || !parser->wellFormed) counts->errors++;
    xmlFreeParserCtxt(parser);
    free(buffer);
    fclose(file);
}

static void on_field(void *text, size_t length, void *ctx) {
    (void)text; (void)length;
    ((raw_counts *)ctx)->values++;
}

static void on_row(int terminator, void *ctx) {
    (void)terminator;
    ((raw_counts *)ctx)->records++;
}

void raw_csv_file(const char *path, size_t chunk, raw_counts *counts) {
    FILE *file = fopen(path, "rb");
    if (!file) { counts->errors++; return; }
    struct csv_parser parser;
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    char *buffer = malloc(chunk);
    size_t got;
    int failed = 0;
    while (!failed && (got = fread(buffer, 1, chunk, file)) > 0) {
        counts->bytes += (long long)got;
        failed = csv_parse(&parser, buffer, got, on_field, on_row, counts) != got;
    }
    if (!failed) failed = csv_fini(&parser, on_field, on_row, counts) != 0;
    if (failed) counts->errors++;
    csv_free(&parser);
    free(buffer);
    fclose(file);
}
