/*
 * tui_history.c - what was typed at each prompt, for Up and Down.
 *
 * A user who mistyped a long regex or a :label command wants it back to
 * mend, as in vi, less or a shell: each prompt of one character (the
 * command line ":", search "/", filters "&" and "!") keeps its own list,
 * so a search does not come back as a command; the views' questions
 * (a class name, a feature set's name) keep none. The lists live as long
 * as the session; nothing is written to disk (a pattern may hold what the
 * logs hold).
 */
#include "tui_priv.h"

#include <stdlib.h>
#include <string.h>

static struct tui_history_list *list_of(struct tui *t, const char *prompt, int make)
{
	for (size_t i = 0; i < t->nhistory; i++)
		if (!strcmp(t->history[i].prompt, prompt))
			return &t->history[i];
	if (!make || t->nhistory == TUI_HISTORY_PROMPTS || strlen(prompt) != 1)
		return NULL;
	struct tui_history_list *h = &t->history[t->nhistory++];
	memset(h, 0, sizeof *h);
	strcpy(h->prompt, prompt);
	return h;
}

void tui_history_add(struct tui *t, const char *prompt, const char *line)
{
	if (!*line)
		return;
	struct tui_history_list *h = list_of(t, prompt, 1);
	if (!h)
		return;
	/* the same line twice in a row is kept once, as shells do */
	if (h->n && !strcmp(h->item[h->n - 1], line))
		return;
	char *copy = strdup(line);
	if (!copy)
		return;
	if (h->n == TUI_HISTORY_ITEMS) {
		free(h->item[0]);
		memmove(h->item, h->item + 1, (TUI_HISTORY_ITEMS - 1) * sizeof *h->item);
		h->n--;
	}
	h->item[h->n++] = copy;
}

const char *tui_history_get(struct tui *t, const char *prompt, size_t back)
{
	struct tui_history_list *h = list_of(t, prompt, 0);
	if (!h || back == 0 || back > h->n)
		return NULL;
	return h->item[h->n - back];
}

void tui_history_free(struct tui *t)
{
	for (size_t i = 0; i < t->nhistory; i++)
		for (size_t k = 0; k < t->history[i].n; k++)
			free(t->history[i].item[k]);
	t->nhistory = 0;
}
