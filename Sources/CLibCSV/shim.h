#ifndef LEGISURVEY_CLIBCSV_SHIM_H
#define LEGISURVEY_CLIBCSV_SHIM_H
#include <csv.h>
#endif
