/*
 * view_keys.c - groups of keys several views share, for their help
 * (view.h: struct view_key): what moving and scrolling do in a list, in a
 * text scrolled sideways and in a line list (view_lines), and its search.
 */
#include "view.h"

const struct view_key view_keys_list[] = {
	{TUI_REQ_MOVE_DOWN, "Select the next line"},
	{TUI_REQ_MOVE_UP, "Select the previous line"},
	{TUI_REQ_MOVE_HALF_PAGE_DOWN, NULL},
	{TUI_REQ_MOVE_HALF_PAGE_UP, NULL},
	{TUI_REQ_MOVE_PAGE_DOWN, NULL},
	{TUI_REQ_MOVE_PAGE_UP, NULL},
	{TUI_REQ_MOVE_FIRST_LINE, "Select the first line"},
	{TUI_REQ_MOVE_LAST_LINE, "Select the last line"},
	{TUI_REQ_SCROLL_LINE_DOWN, "Move down three lines"},
	{TUI_REQ_SCROLL_LINE_UP, "Move up three lines"},
	{TUI_REQ_MOUSE_SELECT, NULL},
	{TUI_REQ_NONE, NULL},
};

const struct view_key view_keys_hscroll[] = {
	{TUI_REQ_SCROLL_LEFT, "Scroll left"},
	{TUI_REQ_SCROLL_RIGHT, "Scroll right"},
	{TUI_REQ_SCROLL_FIRST_COL, "Scroll back to the left edge"},
	{TUI_REQ_SCROLL_LAST_COL, "Scroll to the end of the longest line"},
	{TUI_REQ_NONE, NULL},
};

const struct view_key view_keys_find[] = {
	{TUI_REQ_SEARCH, "Search forward for a regex (case-insensitive if all lower case); the line found comes to the top"},
	{TUI_REQ_FIND_NEXT, "Go to the next line that matches (wraps around)"},
	{TUI_REQ_FIND_PREV, "Go to the previous line that matches (wraps around)"},
	{TUI_REQ_NONE, NULL},
};

const struct view_key view_keys_lines[] = {
	{TUI_REQ_MOVE_DOWN, "Scroll down one line"},
	{TUI_REQ_MOVE_UP, "Scroll up one line"},
	{TUI_REQ_MOVE_HALF_PAGE_DOWN, NULL},
	{TUI_REQ_MOVE_HALF_PAGE_UP, NULL},
	{TUI_REQ_MOVE_PAGE_DOWN, NULL},
	{TUI_REQ_MOVE_PAGE_UP, NULL},
	{TUI_REQ_MOVE_FIRST_LINE, NULL},
	{TUI_REQ_MOVE_LAST_LINE, NULL},
	{TUI_REQ_SCROLL_LINE_DOWN, NULL},
	{TUI_REQ_SCROLL_LINE_UP, NULL},
	{TUI_REQ_NONE, NULL},
};
