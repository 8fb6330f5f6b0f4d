/*
 * test_enum_names.c - every enum that the workspace, run files and CLI
 * spell as a word: each name parses back to its value, aliases parse to
 * theirs, unknown words are refused (with a message listing the valid
 * names where the parser takes an ll_err), and out-of-range values name
 * themselves "?" instead of reading past a table.
 */
#include "harness.h"
#include "ll_detect.h"
#include "ll_experiment.h"
#include "ll_optim.h"
#include "ll_rebalance.h"
#include "ll_recipe.h"

/* name(v) parses back to v for v in 0..n-1, and v = n is "?". */
#define ROUND_TRIP(type, n, name_fn, parse_fn)                                                  \
	do {                                                                                    \
		for (int v_ = 0; v_ < (n); v_++) {                                              \
			type out_ = (type)99;                                                   \
			CHECK_INT(parse_fn(name_fn((type)v_), &out_, &err), LL_OK);             \
			CHECK_INT(out_, v_);                                                    \
		}                                                                               \
		CHECK_STR(name_fn((type)(n)), "?");                                             \
		CHECK_STR(name_fn((type)-1), "?");                                              \
	} while (0)

static void test_recipe_kinds(void)
{
	struct ll_err err;
	ROUND_TRIP(enum ll_target_kind, 2, ll_target_kind_name, ll_target_kind_parse);
	ROUND_TRIP(enum ll_rwindow_kind, 4, ll_rwindow_kind_name, ll_rwindow_kind_parse);
	ROUND_TRIP(enum ll_text_kind, 5, ll_text_kind_name, ll_text_kind_parse);
	ROUND_TRIP(enum ll_rsplit_kind, 3, ll_rsplit_kind_name, ll_rsplit_kind_parse);
	ROUND_TRIP(enum ll_label_rule, 2, ll_label_rule_name, ll_label_rule_parse);

	CHECK_STR(ll_target_kind_name(LL_TARGET_BINARY), "binary");
	CHECK_STR(ll_rwindow_kind_name(LL_RWIN_SESSION), "session");
	CHECK_STR(ll_text_kind_name(LL_TEXT_TFIDF), "tfidf");
	CHECK_STR(ll_rsplit_kind_name(LL_RSPLIT_CHRONO), "chronological");
	CHECK_STR(ll_label_rule_name(LL_LABEL_LAST), "last");

	/* the split's short and older spellings */
	enum ll_rsplit_kind sk = LL_RSPLIT_GROUPED;
	CHECK_INT(ll_rsplit_kind_parse("chrono", &sk, &err), LL_OK);
	CHECK_INT(sk, LL_RSPLIT_CHRONO);
	CHECK_INT(ll_rsplit_kind_parse("stratified", &sk, &err), LL_OK);
	CHECK_INT(sk, LL_RSPLIT_RANDOM);

	/* refusals name the kind, the word and the valid names; out untouched */
	enum ll_text_kind tk = LL_TEXT_W2V;
	ll_err_clear(&err);
	CHECK_INT(ll_text_kind_parse("TFIDF", &tk, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "unknown text feature kind 'TFIDF' (one of: none, hash, tfidf, templates, w2v)");
	CHECK_INT(tk, LL_TEXT_W2V);
	enum ll_rwindow_kind wk = LL_RWIN_TIME;
	CHECK_INT(ll_rwindow_kind_parse("", &wk, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "unknown window kind '' (one of: none, rows, session, time)");
	CHECK_INT(wk, LL_RWIN_TIME);
	CHECK_INT(ll_rsplit_kind_parse("chron", &sk, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "unknown split kind 'chron' (one of: random, chronological, grouped)");
	enum ll_target_kind gk;
	CHECK_INT(ll_target_kind_parse("classes ", &gk, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "unknown target kind 'classes '") == err.msg);
	enum ll_label_rule lr = LL_LABEL_LAST;
	CHECK_INT(ll_label_rule_parse("all", &lr, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "unknown window label rule 'all' (one of: any, last)");
	CHECK_INT(lr, LL_LABEL_LAST);
	CHECK_INT(ll_label_rule_parse("last", &lr, NULL), LL_OK); /* err may be NULL */
	CHECK_INT(ll_label_rule_parse("x", &lr, NULL), LL_EUSAGE);
}

static void test_rebalance_names(void)
{
	struct ll_err err;
	ROUND_TRIP(enum ll_rebalance_method, 5, ll_rebalance_name, ll_rebalance_parse);
	enum ll_rebalance_method m = LL_REBAL_NONE;
	CHECK_INT(ll_rebalance_parse("balanced", &m, &err), LL_OK);
	CHECK_INT(m, LL_REBAL_WEIGHTS);
	CHECK_INT(ll_rebalance_parse("SMOTE", &m, &err), LL_OK); /* case-insensitive */
	CHECK_INT(m, LL_REBAL_SMOTE);
	CHECK_STR(ll_rebalance_name(LL_REBAL_UNDER), "under");
	CHECK_INT(ll_rebalance_parse("oversample", &m, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "unknown rebalancing 'oversample' (use none, over, under, smote or weights)");
	CHECK_INT(m, LL_REBAL_SMOTE);
}

static void test_int_parsers(void)
{
	for (int k = LL_OPT_SGD; k <= LL_OPT_ADAM; k++)
		CHECK_INT(ll_optim_parse(ll_optim_name((enum ll_optim_kind)k)), k);
	CHECK_STR(ll_optim_name(LL_OPT_ADAGRAD), "adagrad");
	CHECK_STR(ll_optim_name((enum ll_optim_kind)7), "?");
	CHECK_INT(ll_optim_parse("Adam"), -1);
	CHECK_INT(ll_optim_parse(NULL), -1);

	for (int k = LL_THRESH_POT; k <= LL_THRESH_PERCENTILE; k++)
		CHECK_INT(ll_thresh_method_parse(ll_thresh_method_name((enum ll_thresh_method)k)), k);
	CHECK_STR(ll_thresh_method_name(LL_THRESH_PERCENTILE), "percentile");
	CHECK_INT(ll_thresh_method_parse("spot"), -1);

	for (int k = LL_EXP_MLP; k <= LL_EXP_LOGREG; k++)
		CHECK_INT(ll_exp_model_parse(ll_exp_model_name((enum ll_exp_model)k)), k);
	CHECK_STR(ll_exp_model_name((enum ll_exp_model)4), "?");
	CHECK_INT(ll_exp_model_parse("?"), -1);
	CHECK_INT(ll_exp_model_parse(""), -1);
}

int main(void)
{
	test_recipe_kinds();
	test_rebalance_names();
	test_int_parsers();
	TEST_MAIN_END();
}
