/*
 * thp-check: the test suite's own, deliberately different measurement of copy-on-write and
 * reuse faults on transparent huge pages, to check the kernel probe's order of magnitude and
 * its reading of what the kernel does. It populates with memset (the probe writes a byte per
 * page), writes every 4 KiB page in a single pass (the probe goes huge page first, then the
 * rest), times with CLOCK_MONOTONIC_RAW, reads the share of huge pages from smaps_rollup, and
 * reports the median of three repetitions.
 *
 *   thp-check MIB   prints "huge_share", "cow_per_4k", "cow_faults_per_huge",
 *                   "reuse_per_4k" and "reuse_faults_per_huge"
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HUGE (2L << 20)

static double raw_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_RAW, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static long faults(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* AnonHugePages / Anon of the whole process (smaps_rollup): the region is nearly all of it */
static double huge_share(void) {
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (f == NULL) {
        return -1;
    }
    char line[256];
    long anon = 0, huge = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        sscanf(line, "Anonymous: %ld", &anon);
        sscanf(line, "AnonHugePages: %ld", &huge);
    }
    fclose(f);
    return anon > 0 ? (double) huge / anon : -1;
}

/* one pass over every 4 KiB page: {ns per page, faults per huge page} */
static void pass(char *p, long len, char v, double out[2]) {
    long f0 = faults();
    double t0 = raw_ns();
    for (long off = 0; off < len; off += 4096) {
        ((volatile char *) p)[off] = v;
    }
    out[0] = (raw_ns() - t0) / (len / 4096);
    out[1] = (double) (faults() - f0) / (len / HUGE);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        return 2;
    }
    long len = atol(argv[1]) << 20;
    double share[3], cow[3], cowf[3], reuse[3], reusef[3];
    for (int i = 0; i < 3; i++) {
        char *raw = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) {
            return 1;
        }
        char *p = (char *) (((uintptr_t) raw + HUGE - 1) & ~(uintptr_t) (HUGE - 1));
        madvise(p, len, MADV_HUGEPAGE);
        memset(p, 1, len);
        share[i] = huge_share();
        int fd[2];
        if (pipe(fd) != 0) {
            return 1;
        }
        pid_t pid = fork();
        if (pid == 0) {
            double w[2];
            pass(p, len, 2, w);
            write(fd[1], w, sizeof w);
            _exit(0);
        }
        double w[2];
        if (read(fd[0], w, sizeof w) != sizeof w) {
            return 1;
        }
        waitpid(pid, NULL, 0);
        cow[i] = w[0];
        cowf[i] = w[1];
        pass(p, len, 3, w);
        reuse[i] = w[0];
        reusef[i] = w[1];
        close(fd[0]);
        close(fd[1]);
        munmap(raw, len + HUGE);
    }
    qsort(share, 3, sizeof(double), cmp);
    qsort(cow, 3, sizeof(double), cmp);
    qsort(cowf, 3, sizeof(double), cmp);
    qsort(reuse, 3, sizeof(double), cmp);
    qsort(reusef, 3, sizeof(double), cmp);
    printf("huge_share %.4f\ncow_per_4k %.3f\ncow_faults_per_huge %.3f\nreuse_per_4k %.3f\nreuse_faults_per_huge %.3f\n",
           share[1], cow[1], cowf[1], reuse[1], reusef[1]);
    return 0;
}
