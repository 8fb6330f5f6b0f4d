/*
 * test_named_unit.c - numbers that repeat the unit their column's name
 * gives (ds_named_unit.h): which names give a unit, which columns turn to
 * numbers and which stay text.
 */
#include "harness.h"

#include "ds_named_unit.h"

#include <math.h>
#include <string.h>

static void test_unit_of(void)
{
	size_t off, n;
	n = ds_named_unit_of("power.draw [W]", &off);
	CHECK(n == 1 && !strncmp("power.draw [W]" + off, "W", n));
	n = ds_named_unit_of("Speed ( km/h ) ", &off);
	CHECK(n == 4 && !strncmp("Speed ( km/h ) " + off, "km/h", n));
	n = ds_named_unit_of("clocks.current.sm [MHz]", &off);
	CHECK(n == 3);
	/* none: no bracket last, an empty or numeric one, mismatched, long */
	CHECK(!ds_named_unit_of("power.draw", &off));
	CHECK(!ds_named_unit_of("name (2)", &off));
	CHECK(!ds_named_unit_of("x []", &off));
	CHECK(!ds_named_unit_of("x [W)", &off));
	CHECK(!ds_named_unit_of("x (a very long unit name indeed)", &off));
	CHECK(!ds_named_unit_of("", &off));
	CHECK(!ds_named_unit_of(NULL, &off));
}

/* A table of one text column named name, cells given (NULL ends). */
static struct ll_table *column(const char *name, const char *const *cells)
{
	struct ll_table *t = ll_table_new();
	CHECK(t && ll_table_add_column(t, name, LL_COL_TEXT) == 0);
	for (size_t r = 0; cells[r]; r++) {
		CHECK(ll_table_append_row(t) == (long)r);
		CHECK(ll_table_set_text(t, r, 0, cells[r], strlen(cells[r])) == LL_OK);
	}
	return t;
}

static void test_columns(void)
{
	const char *watts[] = {"71.52 W", " 250.00 W ", "", "[N/A]", "[Not Supported]", "3W", NULL};
	struct ll_table *t = column("power.draw [W]", watts);
	CHECK(ds_named_unit_columns(t, "gpu.csv") == LL_OK);
	CHECK(ll_table_col_type(t, 0) == LL_COL_NUM);
	CHECK(fabs(ll_table_num(t, 0, 0) - 71.52) < 1e-9 && ll_table_num(t, 1, 0) == 250);
	CHECK(isnan(ll_table_num(t, 2, 0)) && isnan(ll_table_num(t, 4, 0)) && ll_table_num(t, 5, 0) == 3);
	CHECK(ll_table_nnotes(t) == 1 &&
	      strstr(ll_table_note_text(t, 0), "gpu.csv: column 'power.draw [W]' writes each number with the unit its "
						"name gives"));
	ll_table_free(t);

	/* another unit in one cell, text, or no value at all: text stays */
	const char *mixed[] = {"1410 MHz", "1.2 GHz", NULL};
	t = column("clocks.sm [MHz]", mixed);
	CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_TEXT && !ll_table_nnotes(t));
	ll_table_free(t);
	const char *words[] = {"Enabled", "Disabled", NULL};
	const char *remark[] = {"12 W", "[12 W]", NULL};
	t = column("power [W]", remark);
	CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_TEXT);
	ll_table_free(t);
	t = column("persistence (mode)", words);
	CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_TEXT);
	ll_table_free(t);
	const char *none[] = {"", "N/A", NULL};
	t = column("fan [%]", none);
	CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_TEXT);
	ll_table_free(t);
}

/* No unit in the name: a column whose every value is a number, a blank and
 * one same unit of physical measure (nvidia-smi's XML) is numbers; no blank,
 * two units, a word that is no such unit, or a number alone: text stays. */
static void test_measures(void)
{
	const char *watts[] = {"26.78 W", "70.00 W", "N/A", "[Not Supported]", NULL};
	struct ll_table *t = column("gpu.power_readings.power_draw", watts);
	CHECK(ds_named_unit_columns(t, "smi.xml") == LL_OK);
	CHECK(ll_table_col_type(t, 0) == LL_COL_NUM);
	CHECK(fabs(ll_table_num(t, 0, 0) - 26.78) < 1e-9 && ll_table_num(t, 1, 0) == 70 && isnan(ll_table_num(t, 2, 0)));
	CHECK(ll_table_nnotes(t) == 1 &&
	      strstr(ll_table_note_text(t, 0), "smi.xml: column 'gpu.power_readings.power_draw' (W) writes each number "
						"with a unit of measure; read as numbers in it"));
	ll_table_free(t);
	const char *temps[] = {"45 C", " 83  C ", NULL};
	t = column("gpu_temp", temps);
	CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_NUM && ll_table_num(t, 1, 0) == 83);
	ll_table_free(t);
	const char *glued[] = {"45C", "46C", NULL};
	const char *two[] = {"1410 MHz", "1.2 GHz", NULL};
	const char *items[] = {"3 items", "4 items", NULL};
	const char *bare[] = {"12", "W", NULL};
	const char *const *stay[] = {glued, two, items, bare};
	for (size_t k = 0; k < sizeof stay / sizeof *stay; k++) {
		t = column("reading", stay[k]);
		CHECK(ds_named_unit_columns(t, "x") == LL_OK && ll_table_col_type(t, 0) == LL_COL_TEXT && !ll_table_nnotes(t));
		ll_table_free(t);
	}
}

int main(void)
{
	test_unit_of();
	test_columns();
	test_measures();
	TEST_MAIN_END();
}
