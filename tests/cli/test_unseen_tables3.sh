#!/bin/sh
# tests/cli/test_unseen_tables3.sh - tables written by hand and by many tools,
# as journalists and analysts publish them (bench/UNSEEN_TABLES.md, "Tables
# written by hand and by many tools"): short made-up rows in the shapes met
# there, read by `loglab info` loaded and lazily, and on a headless screen.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-tables3
cd "$tmp" || exit 1

# both readings (loaded, and through the line index) say the same
both() {
	info "$1"
	loaded=$out
	info_lazy "$1"
	expect_eq "$out" "$loaded" "$1: the lazy reading agrees"
}

# --- pandas' index under an empty name, rows a field wider than the header
# (a time cut at its comma): a table whose first column is the index ------
awk 'BEGIN { print ",time,temp"
	for (i = 0; i < 40; i++) printf "%d,2022-07-29,03:%02d:%02d,%s\n", i, 14 + int(i / 60), i % 60, (i % 9 == 4 ? "NaT" : 18 + i / 10) }' >split.csv
both split.csv
expect_eq "$rc" 0 "split: read"
expect_match "$out" '^rows: +40$' "split: every row"
col_is row_name number split
col_is temp number split
expect_match "$out" "the header names 3 columns and the rows have 4" "split: said so"
timeout 20 "$LOGLAB" --dump-screen 24x80 split.csv </dev/null >/dev/null 2>&1
expect_eq "$?" 0 "split: the screen opens"
# the same with a missing temperature, "NaT" and junk: this shape's load
# failed after the sniff, and the row names' check then read no table
awk 'BEGIN { print ",time,temp"
	for (i = 0; i < 109; i++) printf "%d,2022-07-29,03:%02d:%02d,%s\n", i, 14 + int((50 + i) / 60), (50 + i) % 60,
		(i == 2 ? "@!#F" : i == 5 ? "NaT" : i == 16 ? "" : 18 + i / 10) }' >split2.csv
info split2.csv
expect_eq "$rc" 0 "split2: read, no crash"
expect_match "$out" '^rows: +109$' "split2: every row"

# --- pandas' to_csv of points indexed by a label of two words ---------------
awk 'BEGIN { print ",x,y,z"; srand(3)
	for (i = 0; i < 300; i++)
		printf "Digit %d,%.6f,%.6f,%.6f\n", i % 10, rand() * 60 - 30, rand() * 60 - 30, rand() * 60 - 30 }' >embed.csv
both embed.csv
expect_match "$out" '^format: +csv ' "embed: a table, not lines"
expect_match "$out" '^rows: +300$' "embed: every row"
col_is col1 text embed
col_is y number embed
expect_match "$out" '^labels: +none' "embed: y of coordinates is no label"
expect_match "$out" "column 'y' holds numbers with fractions" "embed: said so"
out=$("$LOGLAB" info -f csv:label=y embed.csv 2>&1)
expect_match "$out" '^labels: +300 classes' "embed: label=y still takes them as classes"

# --- dashes and spreadsheet errors for missing numbers ----------------------
awk 'BEGIN { OFS = "\t"; print "team_id", "team_name", "rd2_win", "win_odds", "share"
	for (i = 0; i < 60; i++)
		print 100 + i, "Team " i, (i % 5 ? i / 61 : 0), (i % 4 == 1 ? "--" : i * 17.25 + 1.5),
		      (i % 9 == 2 ? "#N/A" : (i % 11 == 3 ? "#DIV/0!" : i / 7)) }' >odds.tsv
both odds.tsv
col_is win_odds number odds
col_is share number odds
expect_match "$out" "cells such as '--' .* read as missing" "odds: the dashes are said"

# --- amounts of money as a spreadsheet formats them -------------------------
awk 'BEGIN { print "Election Year,Team,Amount,Party"
	for (i = 0; i < 40; i++) printf "%d,Team %d,\"$%d,%03d \",%s\n", 2016 + i % 4, i, 1 + i, (i * 37) % 1000, (i % 2 ? "Democrat" : "Republican") }' >donations.csv
both donations.csv
col_is Amount number donations
expect_match "$out" "a currency sign dropped" "donations: said so"

# --- dates with one-digit months and days, US short dates -------------------
awk 'BEGIN { print "date,actual_mean_temp,record_max_temp"
	for (i = 0; i < 90; i++) { m = 7 + int(i / 30); printf "2014-%d-%d,%d,%d\n", m, i % 30 + 1, 60 + i % 20, 90 + i % 9 } }' >weather.csv
both weather.csv
col_is date time weather
expect_match "$out" '^time: +2014-07-01 ' "weather: the first date"
awk 'BEGIN { print "YEAR,Show,Group"
	for (i = 0; i < 40; i++) printf "%d,%d/%d/%02d,Acting\n", 1999 + int(i / 3), i % 12 + 1, (i * 7) % 28 + 1, (99 + int(i / 3)) % 100 }' >guests.csv
both guests.csv
col_is Show time guests
expect_match "$out" "column 'Show' holds dates as MM/dd/yy" "guests: the order is said"

# --- a survey's export: questions over their answers' columns ---------------
awk 'BEGIN { print "RespondentID,Have you seen any of the films?,Which of the films have you seen? Select all.,,,How old are you?"
	print ",Response,Film One,Film Two,Film Three,Response"
	for (i = 0; i < 50; i++)
		printf "%d,%s,%s,%s,%s,%s\n", 3290000000 + i * 37, (i % 3 ? "Yes" : "No"), (i % 2 ? "Film One" : ""),
		       (i % 4 ? "Film Two" : ""), (i % 5 ? "" : "Film Three"), (i % 2 ? "18-29" : "30-44") }' >survey.csv
both survey.csv
expect_match "$out" '^format: +csv ' "survey: a table, not a log"
expect_match "$out" '^rows: +50$' "survey: the answers' names are no row"
col_is RespondentID number survey
expect_match "$out" '^  Which of the films have you seen\? Select all\.\.Film Two +text$' "survey: group.name"
expect_match "$out" "the header is two lines" "survey: said so"
{
	echo ",,Democrat,,,Republican,,"
	echo "Team,Tot. Respondents,Asian,White,Total,Asian,White,Total"
	i=0
	while [ $i -lt 32 ]; do
		echo "Team $i,$((100 + i)),$((i % 5)),$((i % 7 + 9)),$((i % 5 + i % 7 + 9)),$((i % 3)),$((i % 11 + 20)),$((i % 3 + i % 11 + 20))"
		i=$((i + 1))
	done
} >fans.csv
both fans.csv
expect_match "$out" '^rows: +32$' "fans: the names' line is no row"
col_is Team text fans
col_is Democrat.Asian number fans
col_is Republican.Asian number fans

# --- a spreadsheet's "CSV (Macintosh)": CR line ends, one LF appended --------
awk 'BEGIN { ORS = "\r"; print "SHOW,SEASON,CONTESTANT,SCORE"
	for (i = 0; i < 40; i++) print "Show," 1 + int(i / 20) ",Name " i "," i * 3 }' >mac.csv
printf '\n' >>mac.csv
both mac.csv
expect_match "$out" '^rows: +40$' "mac: every line a row"
expect_match "$out" '^columns: +4$' "mac: four columns"
col_is SCORE number mac

# --- names that are numbers: pandas' column positions, a wide table's years
awk 'BEGIN { printf "team"; for (k = 0; k < 12; k++) printf "\t%d", k; print ""
	for (i = 0; i < 30; i++) { printf "Team %d", i; for (k = 0; k < 12; k++) printf "\t%.5f", 0.5 + (i - 15) * k / 400; print "" } }' >winprob.tsv
both winprob.tsv
expect_match "$out" '^rows: +30$' "winprob: the header is no row"
col_is team text winprob
col_is 11 number winprob
printf 'state,2018\nAlabama,R+27\nAlaska,R+15\nArizona,R+9\nDelaware,D+14\nGeorgia,R+12\n' >lean.csv
both lean.csv
expect_match "$out" '^rows: +5$' "lean: the header is no row"
col_is state text lean

# --- polls of many questions: the question's text tells no entity apart ----
awk 'BEGIN { q[0] = "Do you think Congress should or should not begin proceedings on this?"
	q[1] = "Would you support or oppose the proposal that the committee made last week?"
	q[2] = "Based on what you know, should the house hold a vote on the matter soon?"
	print "Start,End,Pollster,Pop,Text,Yes,No"
	for (i = 0; i < 90; i++) { d = int(i / 2); printf "%d/%d/2019,%d/%d/2019,Poll %d,%s,\"%s\",%d,%d\n", 1 + int(d / 28),
		1 + d % 28, 1 + int(d / 28), 1 + d % 28, d % 7, (d % 2 ? "rv" : "a"), q[i % 3], 40 + i % 9, 50 - i % 7 } }' >polls.csv
both polls.csv
expect_match "$out" '^rows: +90$' "polls: every poll a row"
expect_match "$out" '^columns: +7$' "polls: not pivoted by question"
expect_no_match "$out" 'a long table' "polls: no long table"

# --- a hierarchy of ids, labels and parents (sunburst, treemap data) -------
printf 'ids,labels,parents\nCoffee,Coffee Flavors,\nAromas,Aromas,Coffee\nTastes,Tastes,Coffee\nAromas-Sugar,Sugar Browning,Aromas\nTastes-Sour,Sour,Tastes\n' >tree.csv
both tree.csv
expect_match "$out" '^format: +csv ' "tree: a table, not dstat's"
expect_match "$out" '^rows: +5$' "tree: every row"

# --- every line ends with the separator and a blank -------------------------
awk 'BEGIN { print "r,x1,x2,x3,"; for (i = 0; i < 30; i++) printf "%d,%.3f,%.3f,%.3f, \n", 6 * i, 1 - i / 100, 1 - i / 90, 1 - i / 80 }' >polar.csv
both polar.csv
expect_eq "$rc" 0 "polar: read"
expect_match "$out" '^rows: +30$' "polar: every row"
expect_match "$out" '^columns: +4$' "polar: no column after the last separator"

finish
