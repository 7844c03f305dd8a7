#include "cdsp.h"

int cdsp_api_version(void) { return CDSP_API_VERSION; }
