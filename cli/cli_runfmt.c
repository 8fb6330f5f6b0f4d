/*
 * cli_runfmt.c - accessors for a run's JSON documents (see cli_runfmt.h).
 */
#include "cli_runfmt.h"

#include <math.h>

const cJSON *cli_jget(const cJSON *o, const char *k)
{
	return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

double cli_jnum(const cJSON *o, const char *k)
{
	const cJSON *v = cli_jget(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *cli_jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cli_jget(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}
