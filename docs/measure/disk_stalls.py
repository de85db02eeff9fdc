"""The virtual disk's stalls and the votes they delay (BENCHMARKS.md, stall10).

Usage:
  python3 disk_stalls.py sample SECONDS DATADIR OUT   # during a load
  python3 disk_stalls.py show OUT                      # windows of 50 ms
  python3 disk_stalls.py requests SERVER.LOG [MS]      # slow requests, clustered

sample reads /proc/diskstats (the first disk whose name starts with vd,
sd or nvme) and the sizes of DATADIR/cocreate.db and its -wal every 5 ms.
show prints, for each 50 ms window, the MB written, writes completed, the
most requests in flight, flushes and discards completed, and the WAL's
size: a window with requests in flight and no write completed is the
disk stalling (not the server). requests reads the server's request lines
(took=) and prints their p50/p99/p999/max, then the clusters (50 ms apart)
of requests over MS ms (default 60): a stall of the writer delays every
vote in flight, so they come in clusters of up to -conns (256).
"""
import os, re, sys, time
from datetime import datetime, timezone


def disk_line():
    for line in open('/proc/diskstats'):
        f = line.split()
        if re.match(r'(vd|sd|nvme)[a-z0-9]*$', f[2]) and not re.search(r'\d$', f[2]) or re.match(r'nvme\d+n\d+$', f[2]):
            return f
    raise SystemExit('no disk in /proc/diskstats')


def sample(seconds, data, out):
    end = time.time() + seconds
    with open(out, 'w') as w:
        while time.time() < end:
            f = disk_line()
            sizes = []
            for name in ('cocreate.db-wal', 'cocreate.db'):
                try:
                    sizes.append(os.stat(os.path.join(data, name)).st_size)
                except OSError:
                    sizes.append(-1)
            # sectors written, writes completed, in flight, flushes, discards
            w.write('%.4f %s %s %s %s %s %d %d\n' % (time.time(), f[9], f[7], f[11], f[18] if len(f) > 18 else 0, f[14] if len(f) > 14 else 0, *sizes))
            time.sleep(0.005)


def show(path):
    rows = [[float(x) if i == 0 else int(x) for i, x in enumerate(l.split())] for l in open(path)]
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j][0] < rows[i][0] + 0.05:
            j += 1
        seg, nxt = rows[i:j], rows[min(j, len(rows) - 1)]
        print('%s MB=%5.1f writes=%4d in_flight=%3d flushes=%3d discards=%3d wal=%6.1fMB' % (
            datetime.fromtimestamp(seg[0][0], timezone.utc).strftime('%H:%M:%S.%f')[:-3],
            (nxt[1] - seg[0][1]) * 512 / 1e6, nxt[2] - seg[0][2], max(r[3] for r in seg),
            nxt[4] - seg[0][4], nxt[5] - seg[0][5], seg[-1][6] / 1e6))
        i = j


def requests(log, thr):
    rows = []
    for line in open(log):
        if 'msg=request' not in line:
            continue
        m = re.search(r'time=(\S+) .*took=([\d.]+)(µs|ms|s)\b', line)
        if m:
            v = float(m.group(2)) * {'µs': 1e-3, 'ms': 1, 's': 1e3}[m.group(3)]
            rows.append((datetime.fromisoformat(m.group(1).replace('Z', '+00:00')).timestamp(), v))
    lat = sorted(v for _, v in rows)
    n = len(lat)
    print('requests %d: p50 %.1f p99 %.1f p999 %.1f max %.1f ms' % (n, lat[n // 2], lat[int(n * .99)], lat[int(n * .999)], lat[-1]))
    clusters = []
    for t, v in sorted(r for r in rows if r[1] >= thr):
        if clusters and t - clusters[-1][1] < 0.05:
            clusters[-1][1:] = [t, clusters[-1][2] + 1, max(clusters[-1][3], v)]
        else:
            clusters.append([t, t, 1, v])
    print('over %g ms: %d in %d clusters (time of the first answer, count, longest)' % (thr, sum(c[2] for c in clusters), len(clusters)))
    for a, _, c, m in clusters:
        print('  %s %4d %.1f ms' % (datetime.fromtimestamp(a, timezone.utc).strftime('%H:%M:%S.%f')[:-3], c, m))


if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'sample':
        sample(float(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif cmd == 'show':
        show(sys.argv[2])
    elif cmd == 'requests':
        requests(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 60)
    else:
        raise SystemExit(__doc__)
