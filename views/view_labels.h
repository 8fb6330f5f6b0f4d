/*
 * view_labels.h - the labelling session the browser, the labels view and
 * the templates view share, and those two views.
 *
 * A session belongs to the first browser (it creates and frees it); views
 * opened from that browser borrow it. It holds the dataset's labels (file
 * labels overlaid by the journal, ll_labels.h), the keys bound to classes,
 * the log templates of every row (mined in slices between key presses and
 * kept for the session) and the few things one view asks of another (jump
 * to a line). Every change goes through view_lab_apply/undo/redo, which
 * journal first: when the journal cannot be written the label stays
 * unapplied and the message line says why, naming the journal.
 *
 * The journal is opened for writing only when the first label is made, so
 * merely looking at a file never creates DATA.labels beside it. Class keys
 * are persisted beside the journal (DATA.classes: one "KEY<TAB>NAME" a
 * line, KEY in the key notation of tui_request.h).
 *
 * Digit keys name the dataset's own classes: 0 its ordinary class (BGL's
 * "normal"), 1-9 its other classes in order of first appearance (a class
 * named by a digit keeps that digit); on a file without labels, 1 root
 * cause and 0 ordinary. A key whose class the data does not have yet asks
 * before it creates one, so a slip never adds a class.
 *
 * Labels written by other processes (loglab label, another browser, review
 * --confirm) show within a second: view_lab_poll reads the journal's news
 * a few times a second (two stats when there is none).
 */
#ifndef VIEW_LABELS_H
#define VIEW_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "ds_dataset.h"
#include "ll_tpl.h"
#include "ll_journal.h"
#include "ll_labels.h"
#include "tui.h"
#include "view.h"

struct view_lab_key {
	int key;
	char *name;
	int saved; /* from or written to the classes file (else a default) */
	int here;  /* bound in this session: the file's binding of the key yields to it */
	/* a default given to a class the data has: written to the classes
	 * file (unless the file binds the key) once labels are kept beside
	 * the data, so that the key names the same class in the next session
	 * whatever classes are added meanwhile */
	int keep;
};

struct view_lab {
	struct ds_dataset *ds;
	struct ll_labels *labels; /* NULL until the dataset is fully counted */
	int load_failed;
	char load_msg[LL_ERR_MSG_MAX];
	char *journal;       /* path of the journal (default DATA.labels) */
	char *classes_path;  /* DATA.classes beside it */
	int attached;        /* journal open for writing */
	int readonly;        /* it could not be: labels are refused */
	int told_apart;      /* the journal kept apart from a read-only folder was named */
	char ro_msg[LL_ERR_MSG_MAX];
	struct view_lab_key *keys;
	size_t nkeys;
	uint64_t version; /* bumped at every change of any label, ours or read */
	double synced_ms;  /* last read of the journal's news */
	size_t base_rows;  /* rows whose labels in the file itself are in labels */
	size_t warn_n;     /* journal warnings since the labels were loaded */
	char warn_first[LL_ERR_MSG_MAX];
	/* where labels of the file's lines came from (ds_labels_chain.h),
	 * said once */
	char chain_note[1200];
	int told_chain;
	size_t *counts, unlabelled, counts_nc;
	uint64_t counts_version;
	double started; /* session start, seconds since the epoch */

	/* templates: rows [0, tpl_done) given to the miner (tpl[] holds their
	 * skeletons until the last, then their template ids) */
	struct ll_tpl *miner;
	long *tpl;
	size_t tpl_done, tpl_rows;
	int tpl_failed;
	char tpl_msg[LL_ERR_MSG_MAX];
	char *tbuf;
	double tpl_ms; /* time spent mining, for the status */
	/* tests only (LOGLAB_TEST_MINE_LINES): rows a slice mines at most,
	 * each slice lasting its whole time, as stage_test_lines */
	size_t tpl_test_lines;

	/* a template label waiting for the mining to finish */
	int pend;
	long pend_tpl_row;
	int pend_cls;
	double pend_key_ms;

	/* a request from another view to the browser below it */
	int jump_pending;
	size_t jump_row;

	/* a bulk label whose lines are being read before it is applied
	 * (view_lab_stage) */
	int staging;
	size_t *stage_rows, stage_n, stage_read;
	int stage_cls;
	const char *stage_source; /* a literal: "bulk", "template" */
	char stage_what[160];
	double stage_key_ms;
	void (*stage_done)(void *owner);
	void *stage_owner;
	/* tests only (LOGLAB_TEST_STAGE_LINES): lines a slice reads at most,
	 * each slice lasting its whole time, so a tmux test can press Esc
	 * while a small file's label is staged; 0: no limit */
	size_t stage_test_lines;

	void *trace; /* FILE * of LOGLAB_TRACE_LATENCY, or NULL */

	/* the journal's last changes, for the labels view: read on from where
	 * the last look ended (a whole replay at every look and every label
	 * froze the view for seconds on a journal of millions of records) */
	struct ll_journal *recent_j;
	char *recent_path; /* the journal recent_j reads */
	struct view_lab_recent *recent; /* a ring of VIEW_LAB_RECENT_MAX */
	size_t recent_total;            /* records read into it */
};

#define VIEW_LAB_RECENT_MAX 50
struct view_lab_recent {
	double time;
	size_t row;
	char old_cls[32], new_cls[32], source[12], user[24];
};

/* How a browser is opened: NULL for the first one (it makes the session);
 * views push more browsers sharing the session, e.g. one template's lines. */
struct view_browser_arg {
	struct view_lab *lab;
	long template_id; /* -1: all rows */
	size_t row;       /* row to start on */
	int owns;         /* the browser frees lab and lab->ds when it closes */
};

/* Opens path (format and labels may be NULL) in a new browser with a
 * session of its own, on line row (0-based; the first line when past the
 * end). The file need not be the one the program started on: this is how
 * any view shows a line in context (`:open`, Enter on a run's line, b on
 * an experiment). Shows the error and returns it when the file cannot be
 * opened. */
int view_browser_open_file(struct tui *t, const char *path, const char *format, const char *labels, size_t row);

int view_lab_new(struct ds_dataset *ds, struct view_lab **out, struct ll_err *err);
void view_lab_free(struct view_lab *s);
/* Loads the labels once the dataset is fully counted (1 when it just did),
 * then reads what other processes wrote, at most every 250 ms (1 when
 * labels changed). Views call it from their work(). */
int view_lab_poll(struct view_lab *s, struct tui *t);
/* Current label of row (the file's own until the labels are loaded). */
int view_lab_get(struct view_lab *s, size_t row);
/* A followed file's unfinished last row became the whole line
 * (ds_dataset_unfinished_row): the labels are read again (their row
 * hashes were of the old text), and a label given the row meanwhile is
 * saved again, so that it fits the line at the next opening. */
void view_lab_row_rewritten(struct view_lab *s, struct tui *t, size_t row);
size_t view_lab_nclasses(struct view_lab *s);
const char *view_lab_class_name(struct view_lab *s, size_t cls);
/* Counts per class (cached until the next change); *nc classes. */
const size_t *view_lab_counts(struct view_lab *s, size_t *nc, size_t *unlabelled);
/* The class name bound to key, or NULL. */
const char *view_lab_key_class(const struct view_lab *s, int key);
/* The key bound to class name, or 0. */
int view_lab_class_key(const struct view_lab *s, const char *name);
/* "1=1 0=normal 2=KERNDTLB": the class keys, for prompts. */
void view_lab_keys_text(const struct view_lab *s, char *buf, size_t cap);
/* Labels rows[0..n) with the class of key as one undo step; what names the
 * rows in the message ("3 tagged lines"). Returns rows changed, or a
 * negative status after showing the error (nothing changed then). */
long view_lab_apply_key(struct view_lab *s, struct tui *t, int key, const size_t *rows, size_t n,
			const char *source, const char *what);
long view_lab_apply(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		    const char *what);
void view_lab_undo(struct view_lab *s, struct tui *t, int redo);
/* Reads the lines of rows[*pos..n) for the journal's check (their hashes,
 * kept: ll_labels_warm_hashes) until deadline (tui_now_ms), advancing
 * *pos; 1 while rows remain. A bulk label of many lines does this first,
 * in slices between keys with its progress shown, so that its apply only
 * writes. */
int view_lab_warm(struct view_lab *s, const size_t *rows, size_t n, size_t *pos, double deadline);
/* The way every label of many lines goes (range, tagged, matches,
 * unlabelled, a template's): labels rows[0..n) (copied) with the class of
 * key, as view_lab_apply_key - one journal action, one undo step - once
 * their lines are read for the journal (view_lab_warm). What the first
 * slice does not read is read in slices between keys by
 * view_lab_stage_work, its count in the status (view_lab_stage_progress),
 * and Esc stops it with nothing labelled (view_lab_stage_cancel); so a
 * few lines are labelled at once, a million keep the screen live. Other
 * label changes wait for it (they say so). done(owner), when not NULL,
 * is called once the label is applied (not when it fails or is stopped):
 * tags and ranges are cleared then. Returns 0 when applied or under way,
 * a negative status after showing the error. */
long view_lab_stage_key(struct view_lab *s, struct tui *t, int key, const size_t *rows, size_t n,
			const char *source, const char *what, void (*done)(void *owner), void *owner);
/* Reads the staged label's lines until deadline, then applies it; 1 while
 * lines remain. Every view of the session calls it from its work(). */
int view_lab_stage_work(struct view_lab *s, struct tui *t, double deadline);
/* 1 while a label is staged, with its lines read so far and in all. */
int view_lab_stage_progress(const struct view_lab *s, size_t *read, size_t *n);
/* Esc: drops the staged label, nothing labelled; 1 when there was one. */
int view_lab_stage_cancel(struct view_lab *s, struct tui *t);
/* Before the session closes (its browser on q, loglab on Q or :q) with a
 * label staged, or a template label waiting for the templates to be
 * mined: asks whether to finish it first. y mines and reads what is left,
 * the count on the message line, and applies it (Esc meanwhile stays, the
 * label still under way); n drops it, nothing labelled; Esc or another
 * key stays. Headless (tui_headless: the terminal went away, or SIGHUP,
 * SIGTERM or SIGINT) nothing is asked: the label is finished by
 * tui_headless_end_ms, or dropped whole then, and tui_headless_say tells
 * which. 1 when the session may close: nothing under way, the label
 * applied or dropped. */
int view_lab_stage_settle(struct view_lab *s, struct tui *t);
/* The answer y of view_lab_stage_settle, for a caller that asked its own
 * question: mines and reads what is left with the count on the message
 * line, then applies it; 0 when Esc stayed (the label still under way) or
 * the apply failed (its error on screen), 1 when applied or nothing was
 * under way. */
int view_lab_stage_finish(struct view_lab *s, struct tui *t);
/* Headless: says what the last label did (the message line's text, and
 * the journal's absolute path when the labels' version moved on from
 * before) with tui_headless_say. */
void view_lab_headless_report(const struct view_lab *s, struct tui *t, uint64_t before);
/* A view that goes away stops being told (the label still completes). */
void view_lab_stage_forget_owner(struct view_lab *s, void *owner);
/* Labels every row of row's template with key's class, now or as soon as
 * the templates are mined. */
void view_lab_label_template(struct view_lab *s, struct tui *t, size_t row, int key);
/* Handles the session's ':' commands (journal, class, classes, compact:
 * view_lab_cmds in view.h lists them for the help);
 * 1 when cmd was one of them. */
int view_lab_command(struct view_lab *s, struct tui *t, const char *cmd);
/* Adds the help's "Label classes" section: each class key and its class. */
int view_lab_help_lines(const struct view_lab *s, struct view_lines *out);

/* Mines templates for a few ms (and runs a pending template label when
 * done); returns 1 while rows remain. */
int view_lab_templates_work(struct view_lab *s, struct tui *t, double deadline);
int view_lab_templates_ready(const struct view_lab *s);
/* Share of rows mined, 0..1. */
double view_lab_templates_progress(const struct view_lab *s);

/* Templates by lines, largest first (*order), and mix[id * (nc + 1) + k],
 * the rows of template id with class k (k == nc: unlabelled); the
 * templates must be ready. The caller frees *order and *mix. */
int view_lab_template_stats(struct view_lab *s, long **order, size_t **mix, size_t *ntpl, size_t *nc);
/* "normal:12 1:3 -:4": one template's mix (m = its nc + 1 counts). */
void view_lab_mix_text(struct view_lab *s, const size_t *m, size_t nc, char *buf, size_t cap);
/* Width of the label-mix column of templates order[0..n) (mix as from
 * view_lab_template_stats): its widest text, at least the header's
 * ("labels") and at most 30 columns, so short mixes ("-:51") leave an
 * 80-column screen room for the templates. */
int view_lab_mix_width(struct view_lab *s, const long *order, const size_t *mix, size_t nc, size_t n);
/* s padded with blanks to width display columns (wide characters count
 * two) into out; s is kept whole when wider. */
void view_lab_pad(const char *s, int width, char *out, size_t cap);

/* Templates scrolled sideways, their columns before them staying (the
 * templates view and the label summary's list). */
struct view_lab_hscroll {
	size_t hoff; /* display columns of the templates scrolled off to the left */
	size_t maxw; /* widest template on screen at the last draw */
	int w;       /* columns the templates had at the last draw */
};
/* Handles h/l (half the templates' width a step), ^ and $; 1 when req was
 * one of them. */
int view_lab_hscroll_request(struct view_lab_hscroll *h, struct tui *t, enum tui_request req);

extern const struct view_ops view_labels_ops;    /* arg: struct view_lab * */
extern const struct view_ops view_templates_ops; /* arg: struct view_lab * */

#endif
