/*
 * ds_mapguard.c - zero pages for mapped files that shrink (see
 * ds_mapguard.h).
 */
#include "ds_mapguard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A slot is free while start is 0. The handler reads the slots without a
 * lock (a signal handler may not take one): start is published last on
 * add and cleared first on remove, and a fault in a mapping being removed
 * cannot happen (its owner no longer reads it). */
struct slot {
	_Atomic uintptr_t start;
	_Atomic size_t len;
	_Atomic int shrunk;
};

static struct slot slots[DS_MAPGUARD_SLOTS];
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static uintptr_t page_size;

static void pass_on(int sig, siginfo_t *info, void *ctx)
{
	if (previous.sa_flags & SA_SIGINFO) {
		if (previous.sa_sigaction) {
			previous.sa_sigaction(sig, info, ctx);
			return;
		}
	} else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler) {
		previous.sa_handler(sig);
		return;
	}
	/* the default: returning re-runs the access, which faults again and
	 * now ends the process as SIGBUS does */
	signal(SIGBUS, SIG_DFL);
}

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
	int saved = errno;
	uintptr_t at = (uintptr_t)info->si_addr;
	for (size_t i = 0; i < DS_MAPGUARD_SLOTS; i++) {
		uintptr_t s = atomic_load_explicit(&slots[i].start, memory_order_acquire);
		if (!s || at < s || at - s >= atomic_load_explicit(&slots[i].len, memory_order_relaxed))
			continue;
		void *page = (void *)(at & ~(page_size - 1));
		/* mmap is a plain system call here: safe in a handler on Linux */
		if (mmap(page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			break;
		atomic_store_explicit(&slots[i].shrunk, 1, memory_order_release);
		errno = saved;
		return;
	}
	errno = saved;
	pass_on(sig, info, ctx);
}

static void install(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	page_size = ps > 0 ? (uintptr_t)ps : 4096;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &previous);
}

void ds_mapguard_add(const void *addr, size_t len)
{
	if (!addr || !len)
		return;
	pthread_once(&installed, install);
	for (size_t i = 0; i < DS_MAPGUARD_SLOTS; i++) {
		uintptr_t free_slot = 0;
		/* claimed with a placeholder: the handler skips it until len is set */
		if (atomic_compare_exchange_strong(&slots[i].start, &free_slot, UINTPTR_MAX)) {
			atomic_store_explicit(&slots[i].len, len, memory_order_relaxed);
			atomic_store_explicit(&slots[i].shrunk, 0, memory_order_relaxed);
			atomic_store_explicit(&slots[i].start, (uintptr_t)addr, memory_order_release);
			return;
		}
	}
}

static struct slot *find(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	for (size_t i = 0; a && i < DS_MAPGUARD_SLOTS; i++)
		if (atomic_load_explicit(&slots[i].start, memory_order_acquire) == a)
			return &slots[i];
	return NULL;
}

void ds_mapguard_remove(const void *addr)
{
	struct slot *s = find(addr);
	if (!s)
		return;
	atomic_store_explicit(&s->len, 0, memory_order_relaxed);
	atomic_store_explicit(&s->start, 0, memory_order_release);
}

int ds_mapguard_shrunk(const void *addr)
{
	struct slot *s = find(addr);
	return s && atomic_load_explicit(&s->shrunk, memory_order_acquire);
}
