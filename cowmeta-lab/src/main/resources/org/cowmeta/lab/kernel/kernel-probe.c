/*
 * kernel-probe: one round of the real kernel's copy-on-write costs on this host, for
 * org.cowmeta.lab.kernel.KernelProbe, which compiles this file with the system's cc and runs it
 * once per round.
 *
 *   kernel-probe MIB base   4 KiB pages (MADV_NOHUGEPAGE)
 *   kernel-probe MIB thp    transparent huge pages (MADV_HUGEPAGE), 2 MiB aligned
 *
 * Prints "name value" lines, values in nanoseconds (CLOCK_MONOTONIC), each a total over every
 * page of the region divided by the pages: a batch of thousands of faults, so the clock's
 * resolution (tens of ns at worst) is far below each figure. What each line times:
 *
 *   first_touch   a write to each page of a fresh mapping (do_anonymous_page: allocate, zero, map)
 *   fork_fixed    fork() of this process with the region mapped but not populated (its fixed cost)
 *   fork          (fork() with the region populated - fork_fixed) / pages: dup_mmap and
 *                 copy_page_range, write-protecting both PTEs and taking a reference and mapcount
 *   cow           the child writes each page (do_wp_page -> wp_page_copy: allocate, copy, map)
 *   exit          (the child's exit after its copies - an empty child's exit) / pages: exit_mmap,
 *                 zap_pte_range freeing the child's copies
 *   reuse         the parent writes each page after the child exited: the PTE is still
 *                 write-protected but the page is exclusive again (do_wp_page -> wp_page_reuse)
 *   munmap        munmap of the parent's populated region (zap_pte_range, freeing every page)
 *   copy          memcpy of a 4 KiB page from one populated region to another, both beyond the
 *                 caches: the copy inside wp_page_copy (copy_mc_user_highpage)
 *   thp_fraction  the share of the region backed by huge pages (AnonHugePages / Rss, smaps)
 *
 *   kernel-probe shape FILE     a process of a captured one's mapping shape, forked once
 *
 * In shape mode FILE describes the regions to map, each a line "region PAGES FILE WRITABLE"
 * (FILE 1: a private mapping of a file, its pages read as a library's text is; 0: anonymous
 * memory, its pages written) followed by "run OFFSET COUNT" lines, the present pages. Regions
 * are placed one unmapped page apart so that no two merge into one VMA; an anonymous region that
 * is not writable is write-protected after it is populated. It prints "fork_empty" (a fork of
 * this process before anything is mapped), "fork" (the first fork of the populated process, the
 * child exiting at once: as a workload forks, its anonymous pages written and exclusive, which a
 * fork must write-protect and mark shared; a second fork finds that done and costs less), "vmas"
 * (lines of /proc/self/maps), "anon_pages" and "file_pages".
 *
 * In thp mode first_touch is per 2 MiB huge page (do_huge_pmd_anonymous_page, zeroing 2 MiB) and
 * fork per 4 KiB of populated memory (copy_huge_pmd: one PMD per 2 MiB). The child's and the
 * parent's writes go in two passes, so that what the kernel does with a huge page on a write
 * fault shows: first one write to each 2 MiB huge page (do_huge_pmd_wp_page: split the PMD and
 * fall back to a 4 KiB COW, copy the whole huge page, or reuse it whole), then one to every
 * other 4 KiB page (a fault each if the PMD was split, none if the huge page is mapped
 * writable again). cow and reuse stay per 4 KiB page written, both passes together; besides:
 *
 *   cow_huge      the first pass, per 2 MiB huge page
 *   cow_faults    the child's page faults (getrusage minor faults) per 2 MiB huge page over both
 *                 passes: 512 when every 4 KiB page faulted on its own (the PMD was split), 1 when
 *                 the first fault dealt with the whole huge page
 *   reuse_huge    as cow_huge, the parent after the child exited
 *   reuse_faults  as cow_faults, the parent after the child exited
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define HUGE (2L << 20)

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "kernel-probe: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* An anonymous mapping of len bytes, 2 MiB aligned, with the page size advice of the mode. */
static char *region(long len, int thp) {
    char *raw = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        die("mmap");
    }
    char *p = (char *) (((uintptr_t) raw + HUGE - 1) & ~(uintptr_t) (HUGE - 1));
    if (p > raw) {
        munmap(raw, p - raw);
    }
    munmap(p + len, (raw + len + HUGE) - (p + len));
    if (madvise(p, len, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) != 0) {
        die("madvise");
    }
    return p;
}

/* Writes one byte in each 4 KiB page (step bytes apart); returns the nanoseconds it took. */
static long long touch(char *p, long len, long step, char v) {
    long long t0 = now();
    for (long off = 0; off < len; off += step) {
        ((volatile char *) p)[off] = v;
    }
    return now() - t0;
}

static long minor_faults(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

/*
 * The two passes of thp mode: w[0] the ns of one write to each 2 MiB huge page, w[1] of one to
 * every other 4 KiB page, w[2] the minor faults both took.
 */
static void touch_huge_then_rest(char *p, long len, char v, long long w[3]) {
    long f0 = minor_faults();
    w[0] = touch(p, len, HUGE, v);
    long long t0 = now();
    for (long off = 0; off < len; off += PAGE) {
        if (off % HUGE != 0) {
            ((volatile char *) p)[off] = v;
        }
    }
    w[1] = now() - t0;
    w[2] = minor_faults() - f0;
}

/* kB of field (e.g. "AnonHugePages:") summed over the smaps entry that starts at p. */
static long smaps_kb(char *p, const char *field) {
    FILE *f = fopen("/proc/self/smaps", "r");
    if (f == NULL) {
        return -1;
    }
    char line[512];
    int in = 0;
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = lo <= (unsigned long) p && (unsigned long) p < hi;
        } else if (in && strncmp(line, field, n) == 0) {
            kb = atol(line + n);
        }
    }
    fclose(f);
    return kb;
}

/*
 * Forks; the child writes each page (timed; with huge, in the two passes of thp mode), reports
 * the time through a pipe and exits. Returns the fork's time in the parent; cow gets the child's
 * writing time (cow[0] + cow[1]) and faults (cow[2], huge only), *exit the time from its report
 * to waitpid's return (its exit).
 */
static long long fork_child(char *p, long len, int writes, int huge, long long cow[3], long long *exit_ns) {
    int fd[2];
    if (pipe(fd) != 0) {
        die("pipe");
    }
    long long t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        die("fork");
    }
    if (pid == 0) {
        long long w[3] = {0, 0, 0};
        if (writes && huge) {
            touch_huge_then_rest(p, len, 2, w);
        } else if (writes) {
            w[1] = touch(p, len, PAGE, 2);
        }
        if (write(fd[1], w, sizeof w) != sizeof w) {
            _exit(1);
        }
        _exit(0);
    }
    long long forked = now() - t0;
    long long w[3];
    if (read(fd[0], w, sizeof w) != sizeof w) {
        die("read from child");
    }
    long long t1 = now();
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        die("child");
    }
    *exit_ns = now() - t1;
    memcpy(cow, w, sizeof w);
    close(fd[0]);
    close(fd[1]);
    return forked;
}

static long maps_lines(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (f == NULL) {
        return -1;
    }
    long n = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        n += c == '\n';
    }
    fclose(f);
    return n;
}

/* Times one fork of this process; the child exits at once. */
static long long fork_once(void) {
    long long t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        die("fork");
    }
    if (pid == 0) {
        _exit(0);
    }
    long long forked = now() - t0;
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        die("child");
    }
    return forked;
}

static int shape(const char *path) {
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        die("open shape file");
    }
    long regions, span, file_max;
    if (fscanf(in, "shape %ld %ld %ld\n", &regions, &span, &file_max) != 3 || regions < 1 || span < 1) {
        fprintf(stderr, "kernel-probe: %s: the first line must be 'shape REGIONS SPAN_PAGES FILE_PAGES'\n", path);
        return 2;
    }
    long long empty = fork_once();
    empty = fork_once(); /* the second: slabs warm */

    /* the backing file of the file regions: written, so its pages are in the page cache */
    char data[4096];
    snprintf(data, sizeof data, "%s.data", path);
    int fd = open(data, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        die("create the backing file");
    }
    char page[PAGE];
    memset(page, 7, sizeof page);
    for (long k = 0; k < file_max; k++) {
        if (write(fd, page, PAGE) != PAGE) {
            die("write the backing file");
        }
    }
    /* an address range for all regions: reserved to find it, then released and filled region by region */
    char *base = mmap(NULL, (span + 1) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        die("mmap the span");
    }
    munmap(base, (span + 1) * PAGE);
    char *cursor = base, *p = NULL;
    long pages = 0, file = 0, writable = 0, anon_pages = 0, file_pages = 0, seen = 0;
    char word[16];
    while (fscanf(in, "%15s", word) == 1) {
        if (strcmp(word, "region") == 0) {
            if (p != NULL && !file && !writable && mprotect(p, pages * PAGE, PROT_READ) != 0) {
                die("mprotect");
            }
            if (fscanf(in, "%ld %ld %ld", &pages, &file, &writable) != 3 || pages < 1 || cursor + pages * PAGE > base + span * PAGE
                    || (file && pages > file_max)) {
                fprintf(stderr, "kernel-probe: %s: a bad region line\n", path);
                return 2;
            }
            p = file ? mmap(cursor, pages * PAGE, PROT_READ | (writable ? PROT_WRITE : 0), MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0)
                     : mmap(cursor, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == MAP_FAILED) {
                die("mmap a region");
            }
            if (!file) {
                madvise(p, pages * PAGE, MADV_NOHUGEPAGE); /* the capture counts 4 KiB pages */
            }
            cursor += (pages + 1) * PAGE;
            seen++;
        } else if (strcmp(word, "run") == 0) {
            long off, count;
            if (p == NULL || fscanf(in, "%ld %ld", &off, &count) != 2 || off < 0 || count < 1 || off + count > pages) {
                fprintf(stderr, "kernel-probe: %s: a bad run line\n", path);
                return 2;
            }
            for (long k = off; k < off + count; k++) {
                if (file) {
                    (void) ((volatile char *) p)[k * PAGE];
                } else {
                    ((volatile char *) p)[k * PAGE] = 1;
                }
            }
            if (file) {
                file_pages += count;
            } else {
                anon_pages += count;
            }
        } else {
            fprintf(stderr, "kernel-probe: %s: unknown line '%s'\n", path, word);
            return 2;
        }
    }
    if (p != NULL && !file && !writable && mprotect(p, pages * PAGE, PROT_READ) != 0) {
        die("mprotect");
    }
    if (seen != regions) {
        fprintf(stderr, "kernel-probe: %s: %ld regions announced, %ld given\n", path, regions, seen);
        return 2;
    }
    fclose(in);
    long long forked = fork_once();
    printf("fork_empty %lld\nfork %lld\n", empty, forked);
    printf("vmas %ld\nanon_pages %ld\nfile_pages %ld\n", maps_lines(), anon_pages, file_pages);
    close(fd);
    unlink(data);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "shape") == 0) {
        return shape(argv[2]);
    }
    if (argc != 3 || atol(argv[1]) < 2 || (strcmp(argv[2], "base") != 0 && strcmp(argv[2], "thp") != 0)) {
        fprintf(stderr, "usage: kernel-probe MIB base|thp (MIB >= 2), or kernel-probe shape FILE\n");
        return 2;
    }
    long len = atol(argv[1]) << 20;
    int thp = strcmp(argv[2], "thp") == 0;
    double pages = (double) len / PAGE;
    char *p = region(len, thp);

    long long cow[3], exit_ns, empty_cow[3], empty_exit;
    /* the fixed cost of forking and exiting this process, the region mapped but empty */
    long long fixed = fork_child(p, 0, 0, 0, empty_cow, &empty_exit);
    fixed = fork_child(p, 0, 0, 0, empty_cow, &empty_exit); /* the second: page cache and slabs warm */

    long long first = touch(p, len, PAGE, 1);
    long thp_kb = smaps_kb(p, "AnonHugePages:");
    long rss_kb = smaps_kb(p, "Rss:");

    long long forked = fork_child(p, len, 1, thp, cow, &exit_ns);
    long long reuse[3] = {0, 0, 0};
    if (thp) {
        touch_huge_then_rest(p, len, 3, reuse);
    } else {
        reuse[1] = touch(p, len, PAGE, 3);
    }
    long long t0 = now();
    if (munmap(p, len) != 0) {
        die("munmap");
    }
    long long unmapped = now() - t0;

    printf("pages %.0f\n", pages);
    printf("thp_fraction %.4f\n", rss_kb > 0 && thp_kb >= 0 ? (double) thp_kb / rss_kb : -1.0);
    printf("first_touch %.3f\n", thp ? first / (len / (double) HUGE) : first / pages);
    printf("fork_fixed %lld\n", fixed);
    printf("fork %.3f\n", (forked - fixed) / pages);
    printf("cow %.3f\n", (cow[0] + cow[1]) / pages);
    printf("exit %.3f\n", (exit_ns - empty_exit) / pages);
    printf("reuse %.3f\n", (reuse[0] + reuse[1]) / pages);
    if (thp) {
        double huge = (double) len / HUGE;
        printf("cow_huge %.3f\n", cow[0] / huge);
        printf("cow_faults %.3f\n", cow[2] / huge);
        printf("reuse_huge %.3f\n", reuse[0] / huge);
        printf("reuse_faults %.3f\n", reuse[2] / huge);
    }
    printf("munmap %.3f\n", unmapped / pages);

    if (!thp) {
        /* a 4 KiB copy with source and destination beyond the caches, as a COW fault's copy */
        char *src = region(len, 0);
        char *dst = region(len, 0);
        touch(src, len, PAGE, 5);
        touch(dst, len, PAGE, 6);
        long long c0 = now();
        for (long off = 0; off < len; off += PAGE) {
            memcpy(dst + off, src + off, PAGE);
        }
        long long copied = now() - c0;
        long sum = 0;
        for (long off = 0; off < len; off += 64 * PAGE) {
            sum += dst[off];
        }
        printf("copy %.3f\n", copied / pages);
        printf("checksum %ld\n", sum);
    }
    return 0;
}
