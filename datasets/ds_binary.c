/*
 * ds_binary.c - binary files named by their magic bytes (see ds_binary.h).
 */
#include "ds_binary.h"
#include "ds_cfb.h"
#include "ds_zip.h"

#include <stdio.h>
#include <string.h>

struct kind {
	size_t at;           /* offset of the magic */
	const char *magic;   /* its bytes */
	size_t len;
	const char *name, *how;
};

#define M(s) s, sizeof s - 1

/* Compressed files are not here: ds_codec.h reads them, or names the
 * package a build without their library lacked. */
static const struct kind kinds[] = {
	/* read by the journal reader; named here for a fleet of text logs,
	 * which leaves it out */
	{0, M("LPKSHHRH"), "a systemd journal file",
	 "open it alone or with the other journals of its folder (loglab reads journals as tables: --format "
	 "journal)"},
	/* read by the evtx reader; named here for the same reason */
	{0, M("ElfFile\0"), "a Windows event log (.evtx)",
	 "open it alone or with the other event logs of its folder (loglab reads event logs as tables: --format "
	 "evtx)"},
	{0, M("\xD4\xC3\xB2\xA1"), "a packet capture (pcap)",
	 "tshark -r PATH -T ek > PATH.jsonl writes its packets as JSON Lines"},
	{0, M("\xA1\xB2\xC3\xD4"), "a packet capture (pcap)",
	 "tshark -r PATH -T ek > PATH.jsonl writes its packets as JSON Lines"},
	{0, M("\x0A\x0D\x0D\x0A"), "a packet capture (pcapng)",
	 "tshark -r PATH -T ek > PATH.jsonl writes its packets as JSON Lines"},
	{0, M("SQLite format 3\0"), "an SQLite database",
	 "sqlite3 -header -csv PATH 'select * from TABLE' > TABLE.csv writes a table as CSV"},
	/* read by the parquet reader (ds_parquet.c): named here for the places
	 * that meet one among logs */
	{0, M("PAR1"), "a Parquet file",
	 "loglab reads it as a table by itself (loglab PATH, or --format parquet) or among tables"},
	{0, M("PK\x03\x04"), "a zip archive", "open the zip itself (loglab PATH), or unzip it and open what it holds"},
	{257, M("ustar"), "a tar archive", "tar -xf PATH, then open the folder it makes"},
	{0, M("7z\xBC\xAF\x27\x1C"), "a 7-Zip archive", "7z x PATH, then open what it holds (a loglab built with libarchive opens it as a folder itself)"},
	/* an .xls workbook is read by the xls reader (ds_xls.c): named apart
	 * by ds_binary_kind for the places that meet one among logs */
	{0, M("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), "a legacy Office file (.doc, .ppt, .msg: OLE2)",
	 "libreoffice --headless --convert-to txt PATH writes its text (.xls workbooks are read as they are)"},
	{0, M("ARROW1"), "an Apache Arrow (Feather) file",
	 "python3 -c \"import pyarrow.feather as f, pyarrow.csv as c; c.write_csv(f.read_table('PATH'), 'out.csv')\" "
	 "writes it as CSV"},
	{0, M("\x89HDF\r\n\x1A\n"), "an HDF5 file",
	 "python3 -c \"import pandas; pandas.read_hdf('PATH').to_csv('out.csv')\" writes a table of it as CSV"},
	{0, M("Obj\x01"), "an Avro container file", "avro-tools tojson PATH > out.jsonl writes its records as JSON Lines"},
	{0, M("ORC"), "an ORC file", "orc-contents PATH > out.jsonl writes its rows as JSON Lines"},
	{0, M("CDF\x01"), "a NetCDF file", "ncdump PATH prints it as text"},
	{0, M("CDF\x02"), "a NetCDF file", "ncdump PATH prints it as text"},
	{0, M("RRD\0"), "an RRDtool database", "rrdtool fetch PATH AVERAGE > out.txt prints its series as text"},
	/* monitoring stores' own files: their magic, then the format's version */
	{0, M("\x96\xD5\x75\x21"), "a sysstat (sar) data file", "sadf -d PATH -- -A > PATH.csv writes every activity as CSV"},
	{0, M("\x96\xD5\x73\x21"), "a sysstat (sar) data file", "sadf -d PATH -- -A > PATH.csv writes every activity as CSV"},
	{0, M("\x96\xD5\x71\x21"), "a sysstat (sar) data file", "sadf -d PATH -- -A > PATH.csv writes every activity as CSV"},
	{0, M("\xEF\xBE\xED\xFE"), "an atop raw file", "atop -r PATH -P ALL > PATH.txt writes its samples as parseable text"},
	{0, M("\x85\xBD\x40\xDD"), "a Prometheus TSDB chunk file",
	 "promtool tsdb dump on the data directory that holds PATH prints its series as text"},
	{0, M("\xBA\xAA\xD7\x00"), "a Prometheus TSDB index file",
	 "promtool tsdb dump on the data directory that holds PATH prints its series as text"},
	{0, M("\x16\xD1\x16\xD1"), "an InfluxDB TSM file", "influx_inspect export -datadir (the directory that holds PATH) -out out.lp writes line protocol, which loglab reads"},
	{0, M("\x7F" "ELF"), "a program (ELF executable or library)", NULL},
	{0, M("%PDF-"), "a PDF document", NULL},
	{0, M("\x89PNG\r\n\x1A\n"), "a PNG image", NULL},
};

int ds_binary_kind(const char *data, size_t size, const char **name, const char **how)
{
	/* Office encrypts a password-protected .xlsx or .docx into an OLE2
	 * file whose stream EncryptedPackage holds it */
	static const char encrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	if (size >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0 &&
	    memmem(data, size, encrypted, sizeof encrypted - 1)) {
		*name = "a password-protected Office document (.xlsx, .docx)";
		*how = "open it with its password and save it without one (or a sheet as CSV), which loglab reads";
		return 1;
	}
	const unsigned char *u = (const unsigned char *)data;
	if (ds_cfb_peek(u, size, "Workbook") == 1 || ds_cfb_peek(u, size, "Book") == 1) {
		*name = "a legacy Excel workbook (.xls)";
		*how = "loglab reads it as a table by itself (loglab PATH, or --format xls) or among tables";
		return 1;
	}
	if (ds_zip_office((const unsigned char *)data, size)) {
		*name = "an office document (.docx, .pptx, .odt)";
		*how = "save a table in it as CSV, which loglab reads (.xlsx and .ods spreadsheets are read as they are)";
		return 1;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		const struct kind *k = &kinds[i];
		if (size >= k->at + k->len && memcmp(data + k->at, k->magic, k->len) == 0) {
			*name = k->name;
			*how = k->how;
			return 1;
		}
	}
	*name = *how = NULL;
	return 0;
}

/* how with PATH replaced by path, into buf. */
static void fill_path(const char *how, const char *path, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (const char *p = how; *p && o + 1 < cap;) {
		if (strncmp(p, "PATH", 4) == 0) {
			int n = snprintf(buf + o, cap - o, "%s", path);
			o = n < 0 ? o : o + (size_t)n < cap ? o + (size_t)n : cap - 1;
			p += 4;
		} else {
			buf[o++] = *p++;
			buf[o] = '\0';
		}
	}
}

int ds_binary_refuse(const char *path, const char *data, size_t size, size_t nul_off, struct ll_err *err)
{
	const char *name, *how;
	if (!ds_binary_kind(data, size, &name, &how))
		return ll_err_set(err, LL_EDATA,
				  "%s: binary data (NUL byte at offset %zu): not a log or table; use --format lines to "
				  "read it anyway",
				  path, nul_off);
	if (!how)
		return ll_err_set(err, LL_EDATA, "%s: binary data: %s, not a log or table", path, name);
	char way[LL_ERR_MSG_MAX];
	fill_path(how, path, way, sizeof way);
	return ll_err_set(err, LL_EDATA, "%s: binary data: %s, not a log or table; %s", path, name, way);
}

void ds_binary_describe(const char *data, size_t size, size_t nul_off, char *buf, size_t cap)
{
	const char *name, *how;
	if (ds_binary_kind(data, size, &name, &how))
		snprintf(buf, cap, "binary data (%s)", name);
	else
		snprintf(buf, cap, "binary data (NUL byte at offset %zu)", nul_off);
}
