#!/bin/sh
# bench/gen_series.sh DIR [COUNT] - generated metrics series with injected
# anomalies, in the SMD/ASD layout, for choosing the series detectors'
# default (bench/ANOMALY.md) without looking at SMD or NAB:
#   DIR/csv/omi-90K_train.csv, omi-90K_test.csv, omi-90K_test_label.csv
#   DIR/interpretation_label/omi-90K.txt   (start-end:dims, 1-based)
# named as ASD entities (omi-N) so loglab's SMD/ASD reader finds the test
# labels and interpretation labels (ASD's convention: `end` inclusive).
# Series K (1..COUNT, default 4) has d = 4 + 9(K-1) metrics (4, 13, 22,
# 31...), mixed from 3 latent seasonal factors (periods 40-700 steps, one
# drifting slowly) plus noise, some metrics counter-like (rectified), 6000
# training and 4000 test steps. The test series gets ~10 segments (10-80
# steps, about 6% of it) of: a spike in 1-3 metrics, a level shift, a
# correlated-dimension fault (a metric leaves its factors and follows
# another), a noise burst, a stuck (flat) metric. The training series is
# clean. Deterministic (awk's srand(K)) for one awk: rand() differs between
# mawk and gawk, so this runs mawk (Debian's default awk, with which
# bench/ANOMALY.md's GEN rows were made) when it is installed, else awk with
# a warning that the series differ from the recorded ones.
set -e
if command -v mawk >/dev/null 2>&1; then
	awk() { mawk "$@"; }
else
	echo "gen_series.sh: mawk not found; awk's rand() gives other series than bench/ANOMALY.md's" >&2
fi
DIR=${1:?usage: gen_series.sh DIR [COUNT]}
COUNT=${2:-4}
mkdir -p "$DIR/csv" "$DIR/interpretation_label"
k=1
while [ "$k" -le "$COUNT" ]; do
	awk -v K="$k" -v dir="$DIR" 'BEGIN {
	srand(K); d = 4 + 9 * (K - 1); ntr = 6000; nte = 4000; F = 3; pi = 3.14159265
	for (f = 1; f <= F; f++) { per[f] = 40 + rand() * 660; ph[f] = rand() * 2 * pi }
	for (j = 1; j <= d; j++) {
		for (f = 1; f <= F; f++) w[j, f] = (rand() < 0.6) ? rand() * 2 - 1 : 0
		w[j, 1 + int(rand() * F)] += 1
		base[j] = rand() * 5; sc[j] = 0.2 + rand() * 3; noise[j] = 0.05 + rand() * 0.25
		rect[j] = rand() < 0.25
	}
	# the test segments: every 300-450 steps after the first 200, until the end
	nseg = 0; t = 200 + int(rand() * 200)
	while (t < nte - 100) {
		len = 10 + int(rand() * 70); nseg++
		s0[nseg] = t; s1[nseg] = t + len - 1; typ[nseg] = int(rand() * 5)
		m = (typ[nseg] == 0) ? 1 + int(rand() * 3) : 1 + int(rand() * (d < 4 ? d : 4))
		for (i = 1; i <= d; i++) used[nseg, i] = 0
		dl = ""
		for (i = 1; i <= m; i++) { j = 1 + int(rand() * d); if (!used[nseg, j]) { used[nseg, j] = 1 } }
		for (j = 1; j <= d; j++) if (used[nseg, j]) dl = dl (dl == "" ? "" : ",") j
		dims[nseg] = dl; mag[nseg] = 2 + rand() * 4; alt[nseg] = 1 + int(rand() * F)
		t += len + 300 + int(rand() * 150)
	}
	for (part = 0; part < 2; part++) {
		n = part ? nte : ntr
		out = dir "/csv/omi-90" K (part ? "_test.csv" : "_train.csv")
		lab = dir "/csv/omi-90" K "_test_label.csv"
		seg = 1
		for (t = 0; t < n; t++) {
			tt = t + (part ? ntr : 0)
			for (f = 1; f <= F; f++) z[f] = sin(2 * pi * tt / per[f] + ph[f]) + (f == F ? tt / 10000.0 : 0)
			a = 0
			if (part) {
				while (seg <= nseg && t > s1[seg]) seg++
				if (seg <= nseg && t >= s0[seg] && t <= s1[seg]) a = seg
			}
			line = ""
			for (j = 1; j <= d; j++) {
				v = 0
				for (f = 1; f <= F; f++) v += w[j, f] * z[f]
				e = noise[j] * (rand() + rand() + rand() - 1.5) * 2
				if (a && used[a, j]) {
					ty = typ[a]
					if (ty == 0 && t - s0[a] < 3) v += mag[a]
					else if (ty == 1) v += mag[a] * 0.6
					else if (ty == 2) v = -z[alt[a]] * 1.5
					else if (ty == 3) e *= 6
					else if (ty == 4) { if (t == s0[a]) stuck[j] = v; v = stuck[j]; e = 0 }
				}
				x = base[j] + sc[j] * (v + e)
				if (rect[j] && x < base[j]) x = base[j]
				line = line (j > 1 ? "," : "") sprintf("%.4f", x)
			}
			print line > out
			if (part) print (a ? 1 : 0) > lab
		}
		close(out)
	}
	close(lab)
	il = dir "/interpretation_label/omi-90" K ".txt"
	for (s = 1; s <= nseg; s++) print s0[s] "-" s1[s] ":" dims[s] > il
	close(il)
	}'
	k=$((k + 1))
done
