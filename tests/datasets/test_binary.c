/*
 * tests/datasets/test_binary.c - binary files named by their magic bytes
 * (datasets/ds_binary.h): the kinds, the refusal with the command that
 * turns the file into text (the path put in), the generic refusal of
 * bytes of no known kind, a fleet's description, and `ds_load` of a
 * journal file too short to read saying so.
 */
#include "harness.h"

#include "ds_binary.h"
#include "ds_zip.h"
#include "ds_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BYTES(s) s, sizeof s - 1

static void test_kinds(void)
{
	const char *name, *how;
	CHECK(ds_binary_kind(BYTES("LPKSHHRH\0\0\0\0"), &name, &how));
	CHECK_STR(name, "a systemd journal file");
	CHECK(how && strstr(how, "--format journal"));
	CHECK(ds_binary_kind(BYTES("ElfFile\0\1"), &name, &how) && strstr(name, "evtx"));
	CHECK(ds_binary_kind(BYTES("\xD4\xC3\xB2\xA1\2\0"), &name, &how) && strstr(name, "pcap"));
	CHECK(ds_binary_kind(BYTES("\x0A\x0D\x0D\x0A\x1C\0\0\0"), &name, &how) && strstr(name, "pcapng"));
	CHECK(ds_binary_kind(BYTES("SQLite format 3\0x"), &name, &how) && strstr(name, "SQLite"));
	CHECK(ds_binary_kind(BYTES("PAR1\0\0"), &name, &how) && strstr(name, "Parquet"));
	CHECK(ds_binary_kind(BYTES("PK\x03\x04\x14\0"), &name, &how) && strstr(name, "zip"));
	/* a zip whose first member is OOXML's content types: an office document */
	char office[64];
	memset(office, 0, sizeof office);
	memcpy(office, "PK\x03\x04", 4);
	office[26] = 19;
	memcpy(office + 30, "[Content_Types].xml", 19);
	CHECK(ds_binary_kind(office, sizeof office, &name, &how) && strstr(name, "office document") &&
	      strstr(how, "CSV"));
	/* openpyxl writes a part first, the content types last */
	memset(office + 26, 0, sizeof office - 26);
	office[26] = 16;
	memcpy(office + 30, "docProps/app.xml", 16);
	CHECK(ds_binary_kind(office, sizeof office, &name, &how) && strstr(name, "office document"));
	CHECK(!ds_zip_is((const unsigned char *)office, sizeof office));
	CHECK(ds_binary_kind(BYTES("\x7F" "ELF\2\1"), &name, &how) && how == NULL);
	/* an encrypted .xlsx: an OLE2 file with a stream EncryptedPackage */
	char ole[96] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	memcpy(ole + 40, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
	CHECK(ds_binary_kind(ole, sizeof ole, &name, &how) && strstr(name, "password-protected Office") &&
	      strstr(how, "password"));
	/* data files of other tools, each named with a way to text */
	static const struct {
		const char *bytes;
		size_t n;
		const char *name;
	} data_files[] = {
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, "legacy Office"}, {"ARROW1\0\0", 8, "Arrow"},
		{"\x89HDF\r\n\x1A\n\0", 9, "HDF5"}, {"Obj\x01\x04\0", 6, "Avro"}, {"ORC\0\0", 5, "ORC"},
		{"CDF\x01\0\0", 6, "NetCDF"}, {"CDF\x02\0\0", 6, "NetCDF"}, {"RRD\0" "0003\0", 9, "RRDtool"},
		{"\x96\xD5\x75\x21\0\0", 6, "sysstat"}, {"\xEF\xBE\xED\xFE\0\0", 6, "atop"},
		{"\x85\xBD\x40\xDD\x01\0", 6, "Prometheus TSDB chunk"}, {"\xBA\xAA\xD7\x00\x02\0", 6, "Prometheus TSDB index"},
		{"\x16\xD1\x16\xD1\x01\0", 6, "InfluxDB TSM"},
	};
	for (size_t i = 0; i < sizeof data_files / sizeof *data_files; i++)
		CHECK(ds_binary_kind(data_files[i].bytes, data_files[i].n, &name, &how) && strstr(name, data_files[i].name) &&
		      how && strstr(how, "PATH"));
	/* tar's magic sits at byte 257 */
	char tar[512];
	memset(tar, 0, sizeof tar);
	memcpy(tar + 257, "ustar", 5);
	CHECK(ds_binary_kind(tar, sizeof tar, &name, &how) && strstr(name, "tar"));
	CHECK(!ds_binary_kind(tar, 260, &name, &how)); /* too short to hold it */
	CHECK(!ds_binary_kind(BYTES("ab\0cd"), &name, &how) && name == NULL && how == NULL);
	CHECK(!ds_binary_kind(BYTES("SQLite format 2\0"), &name, &how));
}

static void test_messages(void)
{
	struct ll_err err;
	CHECK_INT(ds_binary_refuse("/var/log/journal/x/system.journal", BYTES("LPKSHHRH\0"), 8, &err), LL_EDATA);
	CHECK_STR(err.msg, "/var/log/journal/x/system.journal: binary data: a systemd journal file, not a log or table; "
			   "open it alone or with the other journals of its folder (loglab reads journals as tables: "
			   "--format journal)");
	CHECK_INT(ds_binary_refuse("/tmp/x.pcap", BYTES("\xD4\xC3\xB2\xA1\0"), 4, &err), LL_EDATA);
	CHECK(strstr(err.msg, "tshark -r /tmp/x.pcap -T ek > /tmp/x.pcap.jsonl"));
	CHECK_INT(ds_binary_refuse("a.out", BYTES("\x7F" "ELF\0"), 4, &err), LL_EDATA);
	CHECK_STR(err.msg, "a.out: binary data: a program (ELF executable or library), not a log or table");
	CHECK_INT(ds_binary_refuse("j.bin", BYTES("ab\0cd"), 2, &err), LL_EDATA);
	CHECK_STR(err.msg, "j.bin: binary data (NUL byte at offset 2): not a log or table; use --format lines to read "
			   "it anyway");
	char buf[128];
	ds_binary_describe(BYTES("SQLite format 3\0"), 15, buf, sizeof buf);
	CHECK_STR(buf, "binary data (an SQLite database)");
	ds_binary_describe(BYTES("ab\0cd"), 2, buf, sizeof buf);
	CHECK_STR(buf, "binary data (NUL byte at offset 2)");
}

static void test_load(void)
{
	char dir[512];
	ll_test_scratch_dir(dir, sizeof dir, "binary");
	static const char journal[] = "LPKSHHRH\0\0\0\0\1\0\0\0 some more header bytes";
	const char *path = ll_test_put_bytes(dir, "system.journal", journal, sizeof journal);
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	struct ll_err err;
	/* the journal reader takes it, and finds its header cut short */
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "a systemd journal cut short inside its header"));
	ll_table_free(t);
	/* asked for as lines, it is read anyway */
	o.format = "lines";
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
	ll_table_free(t);
	ll_test_remove_dir(dir);
}

int main(void)
{
	test_kinds();
	test_messages();
	test_load();
	TEST_MAIN_END();
}
