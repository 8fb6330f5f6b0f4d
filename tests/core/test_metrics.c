/*
 * tests/core/test_metrics.c - classification metrics on hand-worked cases,
 * the classification_report text, log loss, and the edge cases (empty
 * input, labels out of range, one class only, NaN probabilities). The
 * agreement with scikit-learn on generated and real predictions is
 * test_metrics_sklearn.sh.
 *
 * The main case: y_true = 0 0 1 1 2 2 2, y_pred = 0 1 1 1 2 0 1, so
 * cm = {{1,1,0},{0,2,0},{1,1,1}}; supports 2 2 3, predicted 2 4 1.
 * Class 0: p 1/2 r 1/2 f 1/2; class 1: p 1/2 r 1 f 2/3; class 2: p 1 r 1/3
 * f 1/2. Accuracy 4/7; macro p 2/3 r 11/18 f 5/9; weighted p 5/7 r 4/7
 * f (1 + 4/3 + 3/2)/7 = 23/42; balanced accuracy 11/18; MCC with
 * cov(t,p) = 4*7 - (2*2 + 2*4 + 3*1) = 13, cov(p,p) = 49 - 21 = 28,
 * cov(t,t) = 49 - 17 = 32: 13 / sqrt(896). The report strings below are
 * what sklearn 1.2.1's classification_report printed for the same input.
 */
#include <float.h>

#include "harness.h"
#include "ll_metrics.h"

static const int yt[] = {0, 0, 1, 1, 2, 2, 2};
static const int yp[] = {0, 1, 1, 1, 2, 0, 1};

static void test_hand_case(void)
{
	struct ll_err err;
	size_t cm[9];
	CHECK_INT(ll_confusion_matrix(yt, yp, 7, 3, cm, &err), LL_OK);
	const size_t want[9] = {1, 1, 0, 0, 2, 0, 1, 1, 1};
	for (int i = 0; i < 9; i++)
		CHECK_INT(cm[i], want[i]);

	struct ll_class_stats cls[3];
	struct ll_report rep;
	CHECK_INT(ll_report_compute(cm, 3, 0, cls, &rep, &err), LL_OK);
	CHECK_INT(rep.n, 7);
	CHECK_INT(rep.ncounted, 3);
	CHECK(rep.micro_is_accuracy);
	CHECK_NEAR(cls[0].precision, 0.5, 1e-15);
	CHECK_NEAR(cls[1].f1, 2.0 / 3, 1e-15);
	CHECK_NEAR(cls[2].recall, 1.0 / 3, 1e-15);
	CHECK_INT(cls[1].predicted, 4);
	CHECK_INT(cls[2].support, 3);
	CHECK_NEAR(rep.accuracy, 4.0 / 7, 1e-15);
	CHECK_NEAR(rep.micro.f1, 4.0 / 7, 1e-15);
	CHECK_NEAR(rep.macro.precision, 2.0 / 3, 1e-15);
	CHECK_NEAR(rep.macro.recall, 11.0 / 18, 1e-15);
	CHECK_NEAR(rep.macro.f1, 5.0 / 9, 1e-15);
	CHECK_NEAR(rep.weighted.precision, 5.0 / 7, 1e-15);
	CHECK_NEAR(rep.weighted.recall, 4.0 / 7, 1e-15);
	CHECK_NEAR(rep.weighted.f1, 23.0 / 42, 1e-15);
	CHECK_NEAR(rep.balanced_accuracy, 11.0 / 18, 1e-15);
	CHECK_NEAR(rep.mcc, 13 / sqrt(896.0), 1e-15);

	char buf[1024];
	size_t len = ll_report_format(&rep, NULL, 2, buf, sizeof buf);
	const char *text = "              precision    recall  f1-score   support\n\n"
			   "           0       0.50      0.50      0.50         2\n"
			   "           1       0.50      1.00      0.67         2\n"
			   "           2       1.00      0.33      0.50         3\n\n"
			   "    accuracy                           0.57         7\n"
			   "   macro avg       0.67      0.61      0.56         7\n"
			   "weighted avg       0.71      0.57      0.55         7\n";
	CHECK_STR(buf, text);
	CHECK_INT(len, strlen(text));
	/* a short buffer gets a truncated, terminated prefix and the full length */
	char small[20];
	CHECK_INT(ll_report_format(&rep, NULL, 2, small, sizeof small), strlen(text));
	CHECK_INT(strlen(small), sizeof small - 1);
	CHECK_INT(ll_report_format(&rep, NULL, 2, NULL, 0), strlen(text));
}

/* One class only: y_true = y_pred = 0 0 0 with classes {normal, alert}. */
static void test_one_class(void)
{
	struct ll_err err;
	const int y[] = {0, 0, 0};
	size_t cm[4];
	struct ll_class_stats cls[2];
	struct ll_report rep;
	const char *names[] = {"normal", "alert"};
	char buf[1024];
	CHECK_INT(ll_confusion_matrix(y, y, 3, 2, cm, &err), LL_OK);
	CHECK_INT(ll_report_compute(cm, 2, 0, cls, &rep, &err), LL_OK);
	CHECK_INT(rep.ncounted, 1);
	CHECK(!cls[1].counted);
	CHECK_NEAR(rep.accuracy, 1, 0);
	CHECK_NEAR(rep.mcc, 0, 0); /* constant marginals: sklearn returns 0 */
	CHECK_NEAR(rep.balanced_accuracy, 1, 0);
	ll_report_format(&rep, NULL, 2, buf, sizeof buf);
	CHECK_STR(buf, "              precision    recall  f1-score   support\n\n"
		       "           0       1.00      1.00      1.00         3\n\n"
		       "    accuracy                           1.00         3\n"
		       "   macro avg       1.00      1.00      1.00         3\n"
		       "weighted avg       1.00      1.00      1.00         3\n");
	/* every class counted (sklearn's labels=[0, 1]): the absent class drags
	 * the macro average down and the micro line is no longer "accuracy" */
	CHECK_INT(ll_report_compute(cm, 2, LL_REPORT_ALL_CLASSES, cls, &rep, &err), LL_OK);
	CHECK(!rep.micro_is_accuracy);
	CHECK_NEAR(rep.macro.f1, 0.5, 0);
	ll_report_format(&rep, names, 2, buf, sizeof buf);
	CHECK_STR(buf, "              precision    recall  f1-score   support\n\n"
		       "      normal       1.00      1.00      1.00         3\n"
		       "       alert       0.00      0.00      0.00         0\n\n"
		       "   micro avg       1.00      1.00      1.00         3\n"
		       "   macro avg       0.50      0.50      0.50         3\n"
		       "weighted avg       1.00      1.00      1.00         3\n");
}

/* Names wider than "weighted avg" widen the first column; UTF-8 names are
 * measured in code points ("réseau-défaillant" is 17 of them, 19 bytes). */
static void test_wide_names(void)
{
	struct ll_err err;
	const size_t cm[4] = {3, 1, 0, 2};
	struct ll_class_stats cls[2];
	struct ll_report rep;
	const char *names[] = {"ok", "r\xc3\xa9seau-d\xc3\xa9" "faillant"};
	char buf[1024];
	CHECK_INT(ll_report_compute(cm, 2, 0, cls, &rep, &err), LL_OK);
	ll_report_format(&rep, names, 3, buf, sizeof buf);
	char *line = strchr(buf, '\n');
	CHECK(line != NULL);
	CHECK_INT(line - buf, 17 + 1 + 4 * 10); /* name column, space, 4 x " %9s" */
	CHECK(strstr(buf, "               ok      1.000     0.750     0.857         4\n") != NULL);
	CHECK(strstr(buf, "r\xc3\xa9seau-d\xc3\xa9" "faillant      0.667     1.000     0.800         2\n") != NULL);
}

static void test_errors(void)
{
	struct ll_err err;
	size_t cm[9] = {0};
	struct ll_class_stats cls[3];
	struct ll_report rep;
	double v;
	const int bad[] = {0, 3};
	const int neg[] = {0, -1};
	CHECK_INT(ll_confusion_matrix(bad, bad, 2, 3, cm, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1") && strstr(err.msg, "class 3"));
	CHECK_INT(ll_confusion_matrix(yt, neg, 2, 3, cm, &err), LL_EDATA);
	CHECK(strstr(err.msg, "predicted class -1") != NULL);
	CHECK_INT(ll_confusion_matrix(yt, yp, 7, 0, cm, &err), LL_EUSAGE);
	/* empty input: an all-zero matrix, then no report */
	CHECK_INT(ll_confusion_matrix(yt, yp, 0, 3, cm, &err), LL_OK);
	CHECK_INT(ll_report_compute(cm, 3, 0, cls, &rep, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no samples") != NULL);
	CHECK_INT(ll_accuracy(cm, 3, &v, &err), LL_EDATA);
	CHECK(isnan(v));
	CHECK_INT(ll_mcc(cm, 3, &v, &err), LL_EDATA);
	CHECK_INT(ll_balanced_accuracy(cm, 3, &v, &err), LL_EDATA);
}

static void test_log_loss(void)
{
	struct ll_err err;
	double v;
	const int y[] = {0, 1};
	const double p[] = {0.8, 0.2, 0.4, 0.6};
	CHECK_INT(ll_log_loss(y, p, 2, 2, 0, &v, &err), LL_OK);
	CHECK_NEAR(v, -(log(0.8) + log(0.6)) / 2, 1e-15);
	const float pf[] = {0.8f, 0.2f, 0.4f, 0.6f};
	CHECK_INT(ll_log_loss_f(y, pf, 2, 2, 0, &v, &err), LL_OK);
	CHECK_NEAR(v, -(log(0.8) + log(0.6)) / 2, 1e-7);
	const double pb[] = {0.2, 0.6};
	CHECK_INT(ll_log_loss_binary(y, pb, 2, 0, &v, &err), LL_OK);
	CHECK_NEAR(v, -(log(0.8) + log(0.6)) / 2, 1e-15);
	/* a confident miss is clipped to eps: -ln(DBL_EPSILON) = 36.04365338911715 */
	const int y1[] = {1};
	const double sure[] = {1.0, 0.0};
	CHECK_INT(ll_log_loss(y1, sure, 1, 2, 0, &v, &err), LL_OK);
	CHECK_NEAR(v, 36.04365338911715, 1e-12);
	CHECK_INT(ll_log_loss(y1, sure, 1, 2, 1e-15, &v, &err), LL_OK);
	CHECK_NEAR(v, -log(1e-15), 1e-9);
	/* rows that do not sum to 1 are renormalised: (1, 3) -> 0.75 */
	const double unnorm[] = {1.0, 3.0};
	CHECK_INT(ll_log_loss(y1, unnorm, 1, 2, 0, &v, &err), LL_OK);
	CHECK_NEAR(v, -log((1 - DBL_EPSILON) / (1 - DBL_EPSILON + 1 - DBL_EPSILON)), 1e-15);
	const double nanp[] = {0.5, NAN};
	CHECK_INT(ll_log_loss(y1, nanp, 1, 2, 0, &v, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 0, class 1") != NULL);
	CHECK(isnan(v));
	const int y3[] = {2};
	CHECK_INT(ll_log_loss(y3, p, 1, 2, 0, &v, &err), LL_EDATA);
	CHECK_INT(ll_log_loss(y, p, 0, 2, 0, &v, &err), LL_EDATA);
	CHECK_INT(ll_log_loss(y, p, 2, 1, 0, &v, &err), LL_EUSAGE);
	CHECK_INT(ll_log_loss_binary(y3, pb, 1, 0, &v, &err), LL_EDATA);
}

int main(void)
{
	test_hand_case();
	test_one_class();
	test_wide_names();
	test_errors();
	test_log_loss();
	TEST_MAIN_END();
}
