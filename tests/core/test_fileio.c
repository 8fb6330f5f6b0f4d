/*
 * tests/core/test_fileio.c - ll_write_all, ll_pread_full and ll_write_atomic: every byte
 * through a pipe whose writes a timer keeps interrupting (short writes and
 * EINTR), replacement seen whole by a concurrent reader (old or new, never
 * a mix), a failed replacement leaving the target and no temporary file,
 * and errors naming the path. Locked files: a second holder waits, then
 * times out naming the path; a waiter finds the file replaced while it
 * waited and takes the new one; a durable append ends a torn line first
 * and leaves nothing on failure; a locked replacement removes temporary
 * files killed writers left. Special paths: a FIFO is refused by
 * ll_fopen_regular at once (not waited on), and ll_out writes into a FIFO
 * in place while a regular file and a link to one are replaced whole.
 */
#include "harness.h"
#include "ll_fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/ll_test_fileio_XXXXXX";
static char path[256];
static volatile sig_atomic_t alarms;

static const char *in_dir(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* Byte i of the pipe test's stream: not periodic in any buffer size. */
static unsigned char pattern(size_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

/* Interrupts a bounded number of times: under valgrind a 1 ms timer could
 * otherwise interrupt every write before it moves a byte, forever. */
static void on_alarm(int sig)
{
	(void)sig;
	if (++alarms == 200) {
		struct itimerval off = {{0, 0}, {0, 0}};
		setitimer(ITIMER_REAL, &off, NULL); /* a plain system call on Linux */
	}
}

/* Child: reads slowly so the pipe stays full and the parent's write keeps
 * blocking; exits 0 when exactly n bytes of the pattern arrived. */
static int slow_reader(int fd, size_t n)
{
	unsigned char buf[4096];
	size_t got = 0;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pattern(got + (size_t)i))
				return 2;
		got += (size_t)r;
		usleep(50);
	}
	return got == n ? 0 : 3;
}

static void test_write_all_pipe(void)
{
	const size_t n = 2u << 20; /* 2 MB: 32 times a Linux pipe's 64 KB */
	unsigned char *data = malloc(n);
	int fds[2];
	if (!data || pipe(fds) != 0) {
		CHECK(!"pipe or malloc");
		free(data);
		return;
	}
	for (size_t i = 0; i < n; i++)
		data[i] = pattern(i);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[1]);
		_exit(slow_reader(fds[0], n));
	}
	close(fds[0]);
	/* No SA_RESTART: a blocked write returns early (short) or with EINTR. */
	struct sigaction sa = {0};
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 1000}, {0, 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_INT(ll_write_all(fds[1], data, n), 0);
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	close(fds[1]);
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), 0); /* all 2 MB arrived, in order */
	CHECK(alarms > 0);             /* the write really was interrupted */
	free(data);

	/* A closed descriptor: -1 with errno from write. */
	errno = 0;
	CHECK_INT(ll_write_all(fds[1], "x", 1), -1);
	CHECK_INT(errno, EBADF);
}

static long read_file(const char *p, char *buf, size_t cap)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	long got = 0;
	ssize_t r;
	while ((size_t)got < cap && (r = read(fd, buf + got, cap - (size_t)got)) > 0)
		got += r;
	close(fd);
	return got;
}

/* Files in dir other than . and .. */
static int count_entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static void test_atomic_replace(void)
{
	struct ll_err err;
	char target[256], buf[8192];
	snprintf(target, sizeof target, "%s", in_dir("f.txt"));
	static char a[1000], b[3000];
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);

	CHECK_INT(ll_write_atomic(target, a, sizeof a, &err), LL_OK);
	CHECK_INT(read_file(target, buf, sizeof buf), 1000);
	CHECK(memcmp(buf, a, sizeof a) == 0);
	struct stat st;
	CHECK(stat(target, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0644); /* main sets umask 022 */

	/* A reader racing 300 replacements sees exactly A or exactly B each time. */
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 3000; i++) {
			long got = read_file(target, buf, sizeof buf);
			if (!(got == 1000 && buf[0] == 'a' && buf[999] == 'a') &&
			    !(got == 3000 && buf[0] == 'b' && buf[999] == 'b' && buf[2999] == 'b'))
				_exit(1);
		}
		_exit(0);
	}
	int bad = 0;
	for (int i = 0; i < 300; i++)
		bad |= (i % 2 ? ll_write_atomic(target, a, sizeof a, &err)
			      : ll_write_atomic(target, b, sizeof b, &err)) != LL_OK;
	int wst = -1;
	waitpid(pid, &wst, 0);
	CHECK_INT(bad, 0);
	CHECK(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
	CHECK_INT(read_file(target, buf, sizeof buf), 1000); /* the last one written was A */
	CHECK_INT(count_entries(), 1);                         /* no temporary file left */

	/* Empty content replaces too. */
	CHECK_INT(ll_write_atomic(target, "", 0, &err), LL_OK);
	CHECK_INT(read_file(target, buf, sizeof buf), 0);

	/* The target is a non-empty folder: the rename fails, the folder and its
	 * file stay, the temporary file is removed, the error names the target. */
	char sub[256], inner[300];
	snprintf(sub, sizeof sub, "%s", in_dir("sub"));
	mkdir(sub, 0755);
	snprintf(inner, sizeof inner, "%s/keep", sub);
	CHECK_INT(ll_write_atomic(inner, "old", 3, &err), LL_OK);
	CHECK_INT(ll_write_atomic(sub, b, sizeof b, &err), LL_EIO);
	CHECK(strstr(err.msg, sub) != NULL && strstr(err.msg, "cannot replace") != NULL);
	CHECK_INT(read_file(inner, buf, sizeof buf), 3);
	CHECK(memcmp(buf, "old", 3) == 0);
	CHECK_INT(count_entries(), 2); /* f.txt and sub */
	unlink(inner);
	rmdir(sub);
	unlink(target);
}

static void test_errors(void)
{
	struct ll_err err;
	/* /proc refuses new files: the temporary file cannot be made. */
	CHECK_INT(ll_write_atomic("/proc/version", "x", 1, &err), LL_EIO);
	CHECK(strncmp(err.msg, "/proc/version.tmp.", 18) == 0);
	CHECK(strstr(err.msg, ": cannot create") != NULL);
	/* A missing folder. */
	char missing[256];
	snprintf(missing, sizeof missing, "%s", in_dir("no/such/folder/x.bin"));
	CHECK_INT(ll_write_atomic(missing, "x", 1, &err), LL_EIO);
	CHECK(strncmp(err.msg, missing, strlen(missing)) == 0);
	CHECK(strstr(err.msg, "cannot create") != NULL);
	CHECK(strstr(err.msg, strerror(ENOENT)) != NULL);
	CHECK_INT(count_entries(), 0);
}

/* child_has_open PID FILE MS: whether process PID holds FILE open within MS milliseconds (its /proc/PID/fd links, by inode) */
static int child_has_open(pid_t pid, const char *file, int ms)
{
	struct stat want, st;
	if (stat(file, &want) != 0)
		return 0;
	char fds[64], link[400];
	snprintf(fds, sizeof fds, "/proc/%d/fd", (int)pid);
	for (int waited = 0; waited <= ms; waited += 5) {
		DIR *d = opendir(fds);
		struct dirent *e;
		int found = 0;
		while (d && !found && (e = readdir(d)) != NULL) {
			snprintf(link, sizeof link, "%s/%s", fds, e->d_name);
			found = stat(link, &st) == 0 && st.st_dev == want.st_dev && st.st_ino == want.st_ino;
		}
		if (d)
			closedir(d);
		if (found)
			return 1;
		usleep(5000);
	}
	return 0;
}

static void test_locks(void)
{
	struct ll_err err;
	char lpath[256];
	snprintf(lpath, sizeof lpath, "%s", in_dir("locked"));
	int fd = -1, reopened = 0;
	CHECK_INT(ll_lock_file(&fd, lpath, O_RDWR | O_APPEND | O_CREAT, 1000, &reopened, &err), LL_OK);
	CHECK(fd >= 0 && reopened == 1 && ll_same_file(fd, lpath));
	/* another holder (another open file: a child, or this process again) waits, then gives up */
	int fd2 = -1;
	CHECK_INT(ll_lock_file(&fd2, lpath, O_RDWR | O_APPEND, 200, NULL, &err), LL_EIO);
	CHECK(strstr(err.msg, "locked") && strstr(err.msg, "still locked by another process") != NULL);
	/* a waiter finds the file replaced while it waited and takes the new one */
	int sync[2];
	CHECK(pipe(sync) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd); /* a copy of the parent's open file: it would hold the lock too */
		int cfd = -1, re = 0;
		char x = 'w';
		if (write(sync[1], &x, 1) != 1)
			_exit(9);
		if (ll_lock_file(&cfd, lpath, O_RDWR | O_APPEND, 10000, &re, &err) != LL_OK)
			_exit(10);
		char buf[16] = "";
		if (pread(cfd, buf, sizeof buf - 1, 0) < 0 || strcmp(buf, "new\n") != 0 || !re)
			_exit(11);
		off_t end;
		if (ll_append_durable(cfd, "child\n", 6, &end) != 0 || end != 10)
			_exit(12);
		_exit(0);
	}
	char x;
	CHECK(read(sync[0], &x, 1) == 1);
	/* the child is waiting on the old file once it has it open (polled, not
	 * a fixed sleep: a loaded host under valgrind can take longer) */
	CHECK(child_has_open(pid, lpath, 30000));
	char stale[300];
	snprintf(stale, sizeof stale, "%s.tmp.999999999", lpath);
	FILE *f = fopen(stale, "w");
	fclose(f);
	int nfd;
	CHECK_INT(ll_replace_locked(lpath, "new\n", 4, &nfd, &err), LL_OK);
	CHECK(access(stale, F_OK) != 0); /* left by a dead writer: removed */
	close(fd); /* releases the old file: the child finds it replaced */
	usleep(100 * 1000);
	ll_unlock_file(nfd);
	int st;
	waitpid(pid, &st, 0);
	CHECK_INT(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st), 0);
	char buf[64];
	CHECK_INT(read_file(lpath, buf, sizeof buf), 10);
	CHECK(memcmp(buf, "new\nchild\n", 10) == 0);
	/* a torn last line gets its newline before the next append */
	CHECK(write(nfd, "torn", 4) == 4);
	off_t end;
	CHECK_INT(ll_append_durable(nfd, "next\n", 5, &end), 0);
	CHECK_INT(end, 20);
	CHECK_INT(read_file(lpath, buf, sizeof buf), 20);
	CHECK(memcmp(buf + 10, "torn\nnext\n", 10) == 0);
	/* a failed append (file size limit, like a full disk) leaves nothing */
	pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = {24, 24};
		setrlimit(RLIMIT_FSIZE, &rl);
		off_t e2;
		if (ll_append_durable(nfd, "0123456789\n", 11, &e2) == 0 || errno != EFBIG)
			_exit(1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(read_file(lpath, buf, sizeof buf), 20);
	close(nfd);
	close(sync[0]);
	close(sync[1]);
	unlink(lpath);
	CHECK(!ll_same_file(-1, lpath));
}

/* ll_pread_full: the bytes asked for, fewer at the end with why 0, and a
 * failure's errno. */
static void test_pread_full(void)
{
	char name[] = "/tmp/ll_test_pread_XXXXXX";
	int fd = mkstemp(name);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(ll_write_all(fd, "0123456789", 10), 0);
	char buf[16];
	int why = -1;
	CHECK_INT(ll_pread_full(fd, buf, 4, 3, &why), 4);
	CHECK_INT(why, 0);
	CHECK(memcmp(buf, "3456", 4) == 0);
	CHECK_INT(ll_pread_full(fd, buf, 8, 6, &why), 4);
	CHECK_INT(why, 0);
	CHECK(memcmp(buf, "6789", 4) == 0);
	close(fd);
	unlink(name);
	CHECK_INT(ll_pread_full(fd, buf, 4, 0, &why), 0);
	CHECK_INT(why, EBADF);
}

/* ll_read_text: a whole file as text; too large and NUL bytes refused. */
static void test_read_text(void)
{
	char name[] = "/tmp/ll_test_read_text_XXXXXX";
	int fd = mkstemp(name);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	char *t = NULL;
	size_t n = 99;
	struct ll_err err;
	CHECK_INT(ll_read_text(fd, name, 100, &t, &n, &err), LL_OK);
	CHECK(t && t[0] == '\0' && n == 0);
	free(t);
	CHECK_INT(ll_write_all(fd, "key\tclass\n", 10), 0);
	CHECK_INT(ll_read_text(fd, name, 100, &t, &n, &err), LL_OK);
	CHECK_STR(t ? t : "", "key\tclass\n");
	CHECK_INT(n, 10);
	free(t);
	CHECK_INT(ll_read_text(fd, name, 9, &t, &n, &err), LL_EDATA);
	CHECK(t == NULL && strstr(err.msg, "more than the 9") != NULL);
	CHECK_INT(ll_write_all(fd, "a\0b", 3), 0);
	CHECK_INT(ll_read_text(fd, name, 100, &t, &n, &err), LL_EDATA);
	CHECK(t == NULL && strstr(err.msg, "NUL byte") != NULL && strstr(err.msg, name) != NULL);
	close(fd);
	unlink(name);
	CHECK_INT(ll_read_text(fd, name, 100, &t, &n, &err), LL_EIO);
}

/* The temporary files of writers killed midway (PATH.tmp.PID of a
 * process that is gone) are removed by the next write of PATH, and by
 * ll_remove_dead_temps; a live process's is left to it. */
static void test_dead_temps(void)
{
	struct ll_err err;
	char target[256], dead[300], live[300];
	snprintf(target, sizeof target, "%s", in_dir("ckpt.llm"));
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	snprintf(dead, sizeof dead, "%s.tmp.%ld", target, (long)gone);
	snprintf(live, sizeof live, "%s.tmp.%ld", target, (long)getppid());
	CHECK_INT(ll_write_atomic(dead, "x", 1, &err), LL_OK);
	CHECK_INT(ll_write_atomic(live, "y", 1, &err), LL_OK);
	CHECK_INT(ll_write_atomic(target, "new", 3, &err), LL_OK);
	struct stat st;
	CHECK(stat(dead, &st) != 0);
	CHECK(stat(live, &st) == 0);
	CHECK_INT(ll_write_atomic(dead, "x", 1, &err), LL_OK);
	ll_remove_dead_temps(target);
	CHECK(stat(dead, &st) != 0);
	CHECK(stat(live, &st) == 0);
	unlink(live);
	unlink(target);
}

/* A folder and a name make one path, whatever their lengths. */
static void test_path_join(void)
{
	char *p = ll_path_join("/var/log", "kern.log");
	CHECK(p && !strcmp(p, "/var/log/kern.log"));
	free(p);
	p = ll_path_join("", "x");
	CHECK(p && !strcmp(p, "/x"));
	free(p);
	char longname[600];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	p = ll_path_join(longname, longname);
	CHECK(p && strlen(p) == 2 * (sizeof longname - 1) + 1 && p[sizeof longname - 1] == '/');
	free(p);
}

static void test_special_paths(void)
{
	struct ll_err err;
	char fifo[300];
	snprintf(fifo, sizeof fifo, "%s", in_dir("fifo"));
	CHECK(mkfifo(fifo, 0600) == 0);
	signal(SIGALRM, SIG_DFL);
	alarm(20); /* a blocking open would hang here: the alarm kills the test */
	FILE *f = ll_fopen_regular(fifo, &err);
	CHECK(f == NULL && errno == EINVAL);
	CHECK(strstr(err.msg, "fifo: not a regular file") != NULL);
	CHECK(ll_fopen_regular(in_dir("missing"), &err) == NULL && errno == ENOENT);

	/* into a FIFO whose reader is there: written in place, still a FIFO */
	int rd = open(fifo, O_RDONLY | O_NONBLOCK);
	CHECK(rd >= 0);
	struct ll_out o;
	CHECK_INT(ll_out_open(&o, fifo, &err), LL_OK);
	CHECK(o.tmp == NULL);
	CHECK(ll_write_all(o.fd, "through\n", 8) == 0);
	CHECK_INT(ll_out_commit(&o, fifo, &err), LL_OK);
	char buf[16] = "";
	CHECK(read(rd, buf, sizeof buf) == 8 && !memcmp(buf, "through\n", 8));
	close(rd);
	struct stat st;
	CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	/* ll_out_write the same (a run's --id-file: a FIFO was renamed over) */
	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	CHECK(rd >= 0);
	CHECK_INT(ll_out_write(fifo, "id-1", 4, &err), LL_OK);
	memset(buf, 0, sizeof buf);
	CHECK(read(rd, buf, sizeof buf) == 4 && !memcmp(buf, "id-1", 4));
	close(rd);
	CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	alarm(0);
	unlink(fifo);

	/* a link to a regular file stays a link; its target is replaced; an
	 * abort leaves the old content and no temporary file */
	char target[300], link[300];
	snprintf(target, sizeof target, "%s", in_dir("target"));
	snprintf(link, sizeof link, "%s", in_dir("link"));
	CHECK_INT(ll_write_atomic(target, "old\n", 4, &err), LL_OK);
	CHECK(symlink(target, link) == 0);
	CHECK_INT(ll_out_open(&o, link, &err), LL_OK);
	CHECK(o.tmp != NULL);
	CHECK(ll_write_all(o.fd, "new\n", 4) == 0);
	CHECK_INT(ll_out_commit(&o, link, &err), LL_OK);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	int fd = open(target, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 4 && !memcmp(buf, "new\n", 4));
	close(fd);
	CHECK_INT(ll_out_open(&o, target, &err), LL_OK);
	CHECK(ll_write_all(o.fd, "half", 4) == 0);
	ll_out_abort(&o);
	fd = open(target, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 4 && !memcmp(buf, "new\n", 4));
	close(fd);
	CHECK_INT(ll_out_write(link, "id-2", 4, &err), LL_OK);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	fd = open(target, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 4 && !memcmp(buf, "id-2", 4));
	close(fd);
	unlink(link);
	unlink(target);
	CHECK_INT(ll_out_write(dir, "x", 1, &err), LL_EIO);
	/* a folder is refused before anything is written */
	CHECK_INT(ll_out_open(&o, dir, &err), LL_EIO);
	CHECK(strstr(err.msg, ": is a folder, not a file to write") != NULL);
	DIR *d = opendir(dir);
	struct dirent *e;
	int left = 0;
	while (d && (e = readdir(d)) != NULL)
		left += e->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK_INT(left, 0);
}

/* ll_same_path: one file under two names (a hard link, a symbolic link)
 * is the same; two files with the same bytes are not; NULL or missing
 * is never the same. */
static void test_same_path(void)
{
	char a[256], b[256], hard[256], soft[256];
	snprintf(a, sizeof a, "%s/same_a", dir);
	snprintf(b, sizeof b, "%s/same_b", dir);
	snprintf(hard, sizeof hard, "%s/same_hard", dir);
	snprintf(soft, sizeof soft, "%s/same_soft", dir);
	FILE *f = fopen(a, "w");
	FILE *g = fopen(b, "w");
	CHECK(f && g);
	if (!f || !g)
		return;
	fputs("x\n", f);
	fputs("x\n", g);
	fclose(f);
	fclose(g);
	CHECK(link(a, hard) == 0);
	CHECK(symlink(a, soft) == 0);
	CHECK(ll_same_path(a, a));
	CHECK(ll_same_path(a, hard));
	CHECK(ll_same_path(soft, a));
	CHECK(!ll_same_path(a, b));
	CHECK(!ll_same_path(a, NULL));
	CHECK(!ll_same_path(NULL, a));
	unlink(hard);
	CHECK(!ll_same_path(a, hard));
	unlink(a);
	CHECK(!ll_same_path(soft, a)); /* a dangling link names nothing */
	unlink(soft);
	unlink(b);
}

int main(void)
{
	test_path_join();
	test_pread_full();
	test_read_text();
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	umask(022);
	test_write_all_pipe();
	test_atomic_replace();
	test_dead_temps();
	test_errors();
	test_locks();
	test_special_paths();
	test_same_path();
	rmdir(dir);
	TEST_MAIN_END();
}
