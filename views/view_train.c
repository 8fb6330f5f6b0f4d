/*
 * view_train.c - one training's progress: state, epoch and batch, loss,
 * dev metric, samples/s and ETA, a bar for the whole run, and live charts
 * of the loss curves and the dev accuracy (view_chart.h); the queue of
 * other trainings below. The training itself runs in view_job's worker:
 * leaving this view (q) leaves it running. j/k pick another job of the
 * queue to follow; c or Esc cancels the one shown after a confirmation;
 * Enter opens its results once it is done.
 */
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "view_chart.h"
#include "view_job.h"
#include "view_res.h"
#include "view_ws.h"

struct train {
	size_t job;
	struct view_job_status st; /* the snapshot drawn */
	int cancel_sent;           /* 1 + the job a cancel was sent to, until it ends */
};

static int train_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	struct train *tr = calloc(1, sizeof *tr);
	if (!tr)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	tr->job = *(const size_t *)arg;
	if (!view_job_status(tr->job, &tr->st)) {
		size_t job = tr->job;
		free(tr);
		return ll_err_set(err, LL_EUSAGE, "no training job %zu", job);
	}
	v->state = tr;
	return LL_OK;
}

static void train_close(struct view *v)
{
	free(v->state);
}

static void hms(double s, char *buf, size_t cap)
{
	if (!isfinite(s) || s < 0) {
		snprintf(buf, cap, "-");
		return;
	}
	long v = lround(s);
	if (v >= 3600)
		snprintf(buf, cap, "%ld:%02ld:%02ld", v / 3600, (v / 60) % 60, v % 60);
	else
		snprintf(buf, cap, "%ld:%02ld", v / 60, v % 60);
}

static void put(struct tui *t, int y, struct view_rect r, const char *s, enum tui_role role)
{
	if (y < r.y + r.h)
		tui_draw_text_marked(t, y, r.x, r.w, s, strlen(s), 0, role, 0);
}

/* The fraction of the whole training done. */
static double done_fraction(const struct view_job_status *st)
{
	if (st->state == VIEW_JOB_DONE)
		return 1;
	if (st->state == VIEW_JOB_LOADING)
		return 0;
	if (!st->has_progress || st->p.epochs <= 0)
		return 0;
	return ll_train_progress_fraction(&st->p);
}

static void train_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct train *tr = v->state;
	view_job_status(tr->job, &tr->st);
	const struct view_job_status *st = &tr->st;
	for (int y = r.y; y < r.y + r.h; y++)
		tui_fill(t, y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	char line[1024];
	int y = r.y;
	snprintf(line, sizeof line, "%s %s (%s)%s%s: %s", st->resume[0] ? "Resuming" : "Training", st->experiment,
		 st->model[0] ? st->model : "queued", st->run_id[0] ? st->resume[0] ? " in run " : " into run " : "",
		 st->run_id, view_job_state_name(st->state));
	put(t, y++, r, line, TUI_ROLE_TITLE);
	char el[32], eta[32];
	hms(st->elapsed_s, el, sizeof el);
	if (st->state == VIEW_JOB_LOADING) {
		snprintf(line, sizeof line, "building the feature set: %s %.0f%%  elapsed %s", st->stage,
			 100 * st->stage_fraction, el);
	} else if (st->has_progress) {
		const struct ll_train_progress *p = &st->p;
		hms(p->eta_s, eta, sizeof eta);
		snprintf(line, sizeof line, "epoch %d/%d  batch %zu/%zu  loss %.4f", ll_train_progress_epoch(p), p->epochs, p->batch, p->batches,
			 p->loss);
		if (isfinite(p->dev_loss))
			snprintf(line + strlen(line), sizeof line - strlen(line), "  dev loss %.4f  dev acc %.4f",
				 p->dev_loss, p->dev_metric);
		char speed[128];
		snprintf(speed, sizeof speed, "%.0f samples/s  elapsed %s  ETA %s", p->samples_per_s, el,
			 st->state == VIEW_JOB_TRAINING ? eta : "-");
		/* Two lines rather than a cut one on a narrow terminal. */
		if ((int)(strlen(line) + 2 + strlen(speed)) > r.w) {
			put(t, y++, r, line, TUI_ROLE_NORMAL);
			snprintf(line, sizeof line, "%s", speed);
		} else {
			snprintf(line + strlen(line), sizeof line - strlen(line), "  %s", speed);
		}
	} else if (st->state == VIEW_JOB_TRAINING) {
		snprintf(line, sizeof line, "clustering...  elapsed %s", el);
	} else {
		snprintf(line, sizeof line, "elapsed %s", el);
	}
	put(t, y++, r, line, TUI_ROLE_NORMAL);
	if (y < r.y + r.h) {
		double f = done_fraction(st);
		char pct[16];
		snprintf(pct, sizeof pct, " %3.0f%%", 100 * f);
		int bw = r.w - (int)strlen(pct);
		view_chart_hbar(t, y, r.x, bw, f, TUI_ROLE_LABEL_B);
		tui_draw_text(t, y, r.x + (bw > 0 ? bw : 0), (int)strlen(pct), pct, strlen(pct), 0, TUI_ROLE_NORMAL, 0,
			      NULL, 0);
		y++;
	}
	if (st->state >= VIEW_JOB_DONE) {
		enum tui_role role = st->state == VIEW_JOB_FAILED ? TUI_ROLE_ERROR : TUI_ROLE_NORMAL;
		snprintf(line, sizeof line, "%s: %s", view_job_state_name(st->state), st->message);
		put(t, y++, r, line, role);
	}
	/* The queue: every job, one line, newest last (as many as fit in 4 rows). */
	size_t nj = view_job_count();
	int qrows = nj > 1 ? (int)(nj < 4 ? nj : 4) + 1 : 0;
	int ch = r.y + r.h - y - qrows;
	/* k-means fits each k once and logistic regression is solved by
	 * L-BFGS: no epochs, so an empty loss chart would say nothing */
	int kmeans = !strcmp(st->model, "kmeans"), solved = !strcmp(st->model, "logreg");
	if ((kmeans || solved) && ch >= 2) {
		put(t, y++, r,
		    kmeans ? "k-means fits every k of the range and keeps the best silhouette: no epochs to chart."
			   : "Logistic regression is solved to convergence with L-BFGS: no epochs to chart.",
		    TUI_ROLE_NORMAL);
		if (st->state == VIEW_JOB_DONE)
			put(t, y++, r,
			    kmeans ? "Enter opens the clusters, the elbow and the silhouettes."
				   : "Enter opens its report: confusion matrix, per-class figures and curves.",
			    TUI_ROLE_NORMAL);
		y = r.y + r.h - qrows;
	} else if (ch >= 5) {
		struct view_rect cr = {y, r.x, ch, r.w};
		struct view_chart_series s[3] = {
			{.name = "loss", .y = st->loss, .n = st->ncurve, .role = TUI_ROLE_LABEL_A},
			{.name = "dev loss", .y = st->dev_loss, .n = st->ncurve, .role = TUI_ROLE_LABEL_B},
			{.name = "dev acc", .y = st->dev_metric, .n = st->ncurve, .role = TUI_ROLE_LABEL_C},
		};
		int has_dev = 0;
		for (size_t i = 0; i < st->ncurve; i++)
			has_dev |= isfinite(st->dev_loss[i]);
		struct view_chart c;
		view_chart_init(&c);
		c.x_label = "epoch";
		c.x_first = 1;
		c.series = s;
		if (has_dev && r.w >= 80) {
			struct view_rect left = cr, right = cr;
			left.w = r.w * 3 / 5;
			right.x = r.x + left.w + 1;
			right.w = r.w - left.w - 1;
			c.title = "loss by epoch";
			c.nseries = 2;
			view_chart_draw(t, left, &c);
			struct view_chart m;
			view_chart_init(&m);
			m.title = "dev accuracy";
			m.x_label = "epoch";
			m.x_first = 1;
			m.series = &s[2];
			m.nseries = 1;
			m.y_max = 1;
			view_chart_draw(t, right, &m);
		} else {
			c.title = "loss by epoch";
			c.nseries = has_dev ? 2 : 1;
			view_chart_draw(t, cr, &c);
		}
		y += ch;
	}
	if (qrows && y < r.y + r.h) {
		put(t, y++, r, "Queue (j/k follow another, Enter its results when done)", TUI_ROLE_HEADER);
		/* Four jobs around the one shown. */
		size_t first = tr->job > 1 ? tr->job - 1 : 0;
		if (first + 4 > nj)
			first = nj > 4 ? nj - 4 : 0;
		for (size_t i = first; i < nj && i < first + 4 && y < r.y + r.h; i++) {
			struct view_job_status q;
			if (!view_job_status(i, &q))
				continue;
			snprintf(line, sizeof line, "%c %-16s %-10s %s", i == tr->job ? '>' : ' ', q.experiment,
				 view_job_state_name(q.state), q.state >= VIEW_JOB_DONE ? q.message : q.run_id);
			if (y < r.y + r.h)
				tui_draw_text_marked(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL,
						     i == tr->job ? A_REVERSE : 0);
		}
	}
}

static int train_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct train *tr = v->state;
	size_t nj = view_job_count();
	view_job_status(tr->job, &tr->st);
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
	case TUI_REQ_MOVE_UP:
	case TUI_REQ_MOVE_FIRST_LINE:
	case TUI_REQ_MOVE_LAST_LINE:
		if (req == TUI_REQ_MOVE_DOWN && tr->job + 1 < nj)
			tr->job++;
		else if (req == TUI_REQ_MOVE_UP && tr->job > 0)
			tr->job--;
		else if (req == TUI_REQ_MOVE_FIRST_LINE)
			tr->job = 0;
		else if (req == TUI_REQ_MOVE_LAST_LINE && nj)
			tr->job = nj - 1;
		view_job_status(tr->job, &tr->st);
		return 1;
	case TUI_REQ_ENTER:
		if (tr->st.state == VIEW_JOB_DONE && tr->st.run_id[0])
			view_res_open(t, NULL, tr->st.ws_dir, &(const char *){tr->st.run_id}, 1, NULL);
		else if (tr->st.state < VIEW_JOB_DONE)
			tui_message(t, "%s is still %s: its results open once it is done", tr->st.experiment,
				    view_job_state_name(tr->st.state));
		else
			tui_error(t, "%s %s: %s", tr->st.experiment, view_job_state_name(tr->st.state), tr->st.message);
		return 1;
	case TUI_REQ_CANCEL:
		break;
	default:
		return 0;
	}
	if (tr->st.state >= VIEW_JOB_DONE) {
		tui_message(t, "%s already %s", tr->st.experiment, view_job_state_name(tr->st.state));
		return 1;
	}
	char prompt[256];
	snprintf(prompt, sizeof prompt, "Cancel training %s? (y/n) ", tr->st.experiment);
	int k = tui_ask_key(t, prompt);
	/* the job went on while the question waited: it may have ended */
	view_job_status(tr->job, &tr->st);
	if ((k == 'y' || k == 'Y') && tr->st.state >= VIEW_JOB_DONE) {
		tui_message(t, "%s %s before the answer: nothing cancelled", tr->st.experiment,
			    view_job_state_name(tr->st.state));
	} else if (k == 'y' || k == 'Y') {
		view_job_cancel(tr->job);
		tui_message(t, "cancelling %s...", tr->st.experiment);
		tr->cancel_sent = (int)tr->job + 1;
	} else {
		tui_message(t, "training goes on");
	}
	return 1;
}

/* The status names what Enter does now: a job failed or cancelled has no
 * results to open (it offered them), Enter says how it ended. */
static void train_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct train *tr = v->state;
	(void)t;
	const char *keys = "(Enter: how it ended, q back)";
	if (tr->st.state < VIEW_JOB_DONE)
		keys = "(q back: the training goes on; c cancels)";
	else if (tr->st.state == VIEW_JOB_DONE)
		keys = "(Enter its results, q back)";
	snprintf(buf, cap, " %s: %s  job %zu/%zu  %s", tr->st.experiment, view_job_state_name(tr->st.state), tr->job + 1,
		 view_job_count(), keys);
}

static int train_work(struct view *v, struct tui *t)
{
	struct train *tr = v->state;
	/* "cancelling X..." stays until a key; once the job has ended, the
	 * message says how (a run may also end done before the cancel lands) */
	struct view_job_status s;
	if (tr->cancel_sent && view_job_status((size_t)tr->cancel_sent - 1, &s) && s.state >= VIEW_JOB_DONE) {
		tr->cancel_sent = 0;
		tui_message(t, "%s: %s", s.experiment, view_job_state_name(s.state));
	}
	if (!view_job_busy())
		return 0;
	if (tui_scripted(t)) {
		view_job_wait(50);
	} else {
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		poll(&p, 1, 100);
	}
	return 1;
}

static const struct view_key train_own[] = {
	{TUI_REQ_MOVE_DOWN, "Follow the next job of the queue"},
	{TUI_REQ_MOVE_UP, "Follow the previous job of the queue"},
	{TUI_REQ_MOVE_FIRST_LINE, "Follow the first job"},
	{TUI_REQ_MOVE_LAST_LINE, "Follow the last job"},
	{TUI_REQ_ENTER, "Open the results of the job shown, once it is done"},
	{TUI_REQ_CANCEL, "Cancel the job shown (asks; its run is kept, cancelled)"},
	{TUI_REQ_QUIT, "Back; the training goes on in the background"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const train_keys[] = {train_own, NULL};

const struct view_ops view_train_ops = {
	.name = "training",
	.help = "Training progress, live loss curves, cancel",
	.open = train_open,
	.close = train_close,
	.draw = train_draw,
	.request = train_request,
	.status = train_status,
	.work = train_work,
	.keys = train_keys,
};
