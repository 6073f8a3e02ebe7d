/*
 * c-pertest: the floor of the testkit's per-test cost, in C. It does, back to back and on one
 * thread, the kernel work of TopologyBench's plain topology (3 hosts and a bridge, no NAT) as the
 * JUnit extension does it with a kept sandbox: per test, three new network namespaces with lo up,
 * one veth per host born up and attached to the bridge in the sandbox, the host end set up and
 * addressed, a default route, a wait until all six ends are operationally up; then the hosts'
 * namespaces closed (the kernel deletes them asynchronously) and the sandbox's ports set down and
 * renamed so the next test can use their names (they stay ports of the bridge, whose MAC is its
 * own, until the kernel deletes them). It leaves out what the testkit does
 * beyond that (the reset's route and neighbour flushes and its state check, the events, the
 * labels), so it is a floor, not a twin.
 *
 * usage: c-pertest [ITERATIONS]   (as root; prints one line per phase, medians in ms)
 * Sends no traffic. Everything it makes lives in namespaces it made; at exit it closes them all.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HOSTS 3
#define BUF 16384

struct req {
    struct nlmsghdr *h;
    char b[1024];
};

struct ns {
    int fd;   /* the namespace */
    int sock; /* NETLINK_ROUTE, opened inside it */
};

static int home; /* this process's own namespace */
static int gone_ok; /* ENODEV is no failure: the kernel deleted the port with its host first */
static uint32_t seq;
static char rbuf[BUF];

static void fail(const char *what, int err)
{
    fprintf(stderr, "c-pertest: %s: %s\n", what, strerror(err));
    exit(1);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *start(struct req *r, int type, int flags, size_t fixed)
{
    memset(r->b, 0, sizeof r->b);
    r->h = (struct nlmsghdr *)r->b;
    r->h->nlmsg_len = NLMSG_LENGTH(fixed);
    r->h->nlmsg_type = type;
    r->h->nlmsg_flags = NLM_F_REQUEST | flags;
    r->h->nlmsg_seq = ++seq;
    return NLMSG_DATA(r->h);
}

static struct rtattr *put(struct req *r, int type, const void *data, size_t len)
{
    struct rtattr *a = (struct rtattr *)(r->b + NLMSG_ALIGN(r->h->nlmsg_len));
    a->rta_type = type;
    a->rta_len = RTA_LENGTH(len);
    if (data) {
        memcpy(RTA_DATA(a), data, len);
    } else {
        memset(RTA_DATA(a), 0, len); /* a nest's head, or a struct left zero (the peer's ifinfomsg) */
    }
    r->h->nlmsg_len = NLMSG_ALIGN(r->h->nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static void put_u32(struct req *r, int type, uint32_t v)
{
    put(r, type, &v, sizeof v);
}

static void put_str(struct req *r, int type, const char *s)
{
    put(r, type, s, strlen(s) + 1);
}

static void end(struct req *r, struct rtattr *nest)
{
    nest->rta_len = (char *)r->b + r->h->nlmsg_len - (char *)nest;
}

/* Sends one request and reads until its ack; for a dump, calls each(message) until NLMSG_DONE. */
static void call(int sock, struct req *r, const char *what, void (*each)(struct nlmsghdr *, void *), void *arg)
{
    if (send(sock, r->b, r->h->nlmsg_len, 0) < 0) {
        fail(what, errno);
    }
    for (;;) {
        ssize_t n = recv(sock, rbuf, sizeof rbuf, 0);
        if (n < 0) {
            fail(what, errno);
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != r->h->nlmsg_seq) {
                continue;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                int err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
                if (err && !(err == ENODEV && gone_ok)) {
                    fail(what, err);
                }
                return;
            }
            if (h->nlmsg_type == NLMSG_DONE) {
                return;
            }
            if (each) {
                each(h, arg);
            }
        }
    }
}

static int rtnl_socket(void)
{
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (s < 0) {
        fail("socket", errno);
    }
    struct sockaddr_nl a = {.nl_family = AF_NETLINK};
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
        fail("bind", errno);
    }
    return s;
}

static void set_flags(int sock, int index, unsigned flags, unsigned change, int master, const char *name)
{
    struct req r;
    struct ifinfomsg *i = start(&r, RTM_NEWLINK, NLM_F_ACK, sizeof *i);
    i->ifi_index = index;
    i->ifi_flags = flags;
    i->ifi_change = change;
    if (master >= 0) {
        put_u32(&r, IFLA_MASTER, master);
    }
    if (name) {
        put_str(&r, IFLA_IFNAME, name);
    }
    call(sock, &r, "set link", NULL, NULL);
}

/* A new namespace with lo up, made on this thread, which then goes home. */
static struct ns new_ns(void)
{
    struct ns n;
    if (unshare(CLONE_NEWNET) < 0) {
        fail("unshare", errno);
    }
    n.fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (n.fd < 0) {
        fail("open ns", errno);
    }
    n.sock = rtnl_socket();
    if (setns(home, CLONE_NEWNET) < 0) {
        fail("setns home", errno);
    }
    set_flags(n.sock, 1, IFF_UP, IFF_UP, -1, NULL); /* lo is index 1 in a new namespace */
    return n;
}

static void take_index(struct nlmsghdr *h, void *arg)
{
    if (h->nlmsg_type == RTM_NEWLINK) {
        *(int *)arg = ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index;
    }
}

/* Counts the links of a dump that are operationally up. */
static void count_up(struct nlmsghdr *h, void *arg)
{
    struct ifinfomsg *i = NLMSG_DATA(h);
    int len = IFLA_PAYLOAD(h);
    for (struct rtattr *a = IFLA_RTA(i); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFLA_OPERSTATE && *(uint8_t *)RTA_DATA(a) == IF_OPER_UP) {
            ++*(int *)arg;
        }
    }
}

static int links_up(int sock)
{
    struct req r;
    struct ifinfomsg *i = start(&r, RTM_GETLINK, NLM_F_DUMP, sizeof *i);
    i->ifi_family = AF_UNSPEC;
    int up = 0;
    call(sock, &r, "dump links", count_up, &up);
    return up;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
    qsort(v, n, sizeof *v, cmp);
    printf("%s median %6.2f ms   p10 %6.2f ms   p90 %6.2f ms   max %7.2f ms\n", what, v[n / 2], v[n / 10], v[n * 9 / 10],
            v[n - 1]);
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 200;
    int warmup = iterations / 10 > 20 ? iterations / 10 : 20;
    home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) {
        fail("open home", errno);
    }
    /* The kept sandbox: a bridge with its address, up, bridged frames kept from iptables as the testkit does. */
    struct ns sandbox = new_ns();
    struct req r;
    struct ifinfomsg *i = start(&r, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, sizeof *i);
    put_str(&r, IFLA_IFNAME, "v-net-0");
    /* a MAC of its own, locally administered, as the testkit gives its bridges */
    uint8_t mac[6] = {0x02, 0x6e, 0x73, 0x00, 0x00, 0x01};
    put(&r, IFLA_ADDRESS, mac, sizeof mac);
    struct rtattr *info = put(&r, IFLA_LINKINFO, NULL, 0);
    put_str(&r, IFLA_INFO_KIND, "bridge");
    end(&r, info);
    int bridge = 0;
    call(sandbox.sock, &r, "create bridge", take_index, &bridge);
    struct ifaddrmsg *am = start(&r, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sizeof *am);
    am->ifa_family = AF_INET;
    am->ifa_prefixlen = 24;
    am->ifa_index = bridge;
    uint32_t gw = inet_addr("192.168.15.5");
    put(&r, IFA_LOCAL, &gw, 4);
    put(&r, IFA_ADDRESS, &gw, 4);
    call(sandbox.sock, &r, "bridge address", NULL, NULL);
    set_flags(sandbox.sock, bridge, IFF_UP, IFF_UP, -1, NULL);

    double *setup = calloc(iterations, sizeof *setup), *teardown = calloc(iterations, sizeof *teardown),
           *total = calloc(iterations, sizeof *total), *phase[4];
    for (int p = 0; p < 4; p++) {
        phase[p] = calloc(iterations, sizeof *phase[p]);
    }
    long tombstone = 0;
    for (int it = -warmup; it < iterations; it++) {
        double t0 = now_ms();
        struct ns host[HOSTS];
        int port[HOSTS];
        for (int h = 0; h < HOSTS; h++) {
            host[h] = new_ns();
        }
        double tn = now_ms();
        for (int h = 0; h < HOSTS; h++) {
            char name[IFNAMSIZ];
            snprintf(name, sizeof name, "vp%d", h);
            i = start(&r, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, sizeof *i);
            i->ifi_flags = IFF_UP;
            i->ifi_change = IFF_UP;
            put_str(&r, IFLA_IFNAME, name);
            put_u32(&r, IFLA_NUM_TX_QUEUES, 1);
            put_u32(&r, IFLA_NUM_RX_QUEUES, 1);
            put_u32(&r, IFLA_MASTER, bridge);
            info = put(&r, IFLA_LINKINFO, NULL, 0);
            put_str(&r, IFLA_INFO_KIND, "veth");
            struct rtattr *data = put(&r, IFLA_INFO_DATA, NULL, 0);
            struct rtattr *peer = put(&r, VETH_INFO_PEER, NULL, sizeof(struct ifinfomsg));
            put_str(&r, IFLA_IFNAME, "eth0");
            put_u32(&r, IFLA_NUM_TX_QUEUES, 1);
            put_u32(&r, IFLA_NUM_RX_QUEUES, 1);
            put_u32(&r, IFLA_NET_NS_FD, host[h].fd);
            end(&r, peer);
            end(&r, data);
            end(&r, info);
            port[h] = 0;
            call(sandbox.sock, &r, "create veth", take_index, &port[h]);
            /* eth0 is index 2 in a namespace that has only lo besides */
            set_flags(host[h].sock, 2, IFF_UP, IFF_UP, -1, NULL);
            am = start(&r, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sizeof *am);
            am->ifa_family = AF_INET;
            am->ifa_prefixlen = 24;
            am->ifa_index = 2;
            char ip[16];
            snprintf(ip, sizeof ip, "192.168.15.%d", h + 1);
            uint32_t a = inet_addr(ip);
            put(&r, IFA_LOCAL, &a, 4);
            put(&r, IFA_ADDRESS, &a, 4);
            call(host[h].sock, &r, "host address", NULL, NULL);
        }
        double tl = now_ms();
        /* Every end operationally up (the kernel's link watcher), polled as the testkit does. */
        long pause = 50000;
        for (;;) {
            int up = links_up(sandbox.sock) - 1; /* the bridge */
            for (int h = 0; h < HOSTS; h++) {
                up += links_up(host[h].sock);
            }
            if (up >= 2 * HOSTS) {
                break;
            }
            struct timespec p = {0, pause};
            nanosleep(&p, NULL);
            pause = pause * 2 > 5000000 ? 5000000 : pause * 2;
        }
        double tu = now_ms();
        for (int h = 0; h < HOSTS; h++) {
            struct rtmsg *rt = start(&r, RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sizeof *rt);
            rt->rtm_family = AF_INET;
            rt->rtm_table = RT_TABLE_MAIN;
            rt->rtm_protocol = RTPROT_BOOT;
            rt->rtm_scope = RT_SCOPE_UNIVERSE;
            rt->rtm_type = RTN_UNICAST;
            put(&r, RTA_GATEWAY, &gw, 4);
            call(host[h].sock, &r, "default route", NULL, NULL);
        }
        double t1 = now_ms();
        for (int h = 0; h < HOSTS; h++) {
            close(host[h].sock);
            close(host[h].fd);
        }
        for (int h = 0; h < HOSTS; h++) {
            char gone[IFNAMSIZ];
            snprintf(gone, sizeof gone, "cgone%ld", tombstone++);
            gone_ok = 1;
            set_flags(sandbox.sock, port[h], 0, IFF_UP, -1, NULL); /* down, still a port, as the testkit leaves it */
            set_flags(sandbox.sock, port[h], 0, 0, -1, gone);
            gone_ok = 0;
        }
        double t2 = now_ms();
        if (it >= 0) {
            setup[it] = t1 - t0;
            teardown[it] = t2 - t1;
            total[it] = t2 - t0;
            phase[0][it] = tn - t0;
            phase[1][it] = tl - tn;
            phase[2][it] = tu - tl;
            phase[3][it] = t1 - tu;
        }
    }
    printf("3 hosts + bridge (no NAT), %d tests in a row after %d warm-up, C on one thread:\n", iterations, warmup);
    report("  setup+teardown", total, iterations);
    report("  setup         ", setup, iterations);
    report("  teardown      ", teardown, iterations);
    report("    namespaces  ", phase[0], iterations);
    report("    links       ", phase[1], iterations);
    report("    carrier wait", phase[2], iterations);
    report("    routes      ", phase[3], iterations);
    close(sandbox.sock);
    close(sandbox.fd);
    return 0;
}
