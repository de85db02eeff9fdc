"""WAL frames a commit of a storm of votes, by b-tree (BENCHMARKS.md, votes8).

Usage: python3 wal_frames.py EMPTY.db OUTDIR [ideas|tally|rowid|both ...]

EMPTY.db is a freshly migrated, empty database (cocreate serve -data DIR
once, then DIR/cocreate.db). The script seeds the bench's shape in a copy
(1,000 ideas with bodies, 2,000 fans, 92,000 votes with their signals),
runs 30 batches of 92 random new votes, each one transaction in WAL mode
with synchronous=FULL, then reads the WAL's frame headers (page, commit
flag) and maps each page to its b-tree through dbstat. The modes change
the schema in the copy first: a narrow tally table beside ideas, votes in
a rowid table in time order, or both.
"""
import sqlite3, random, shutil, struct, sys, os, collections
random.seed(7)
SRC=sys.argv[1]
OUT=sys.argv[2]
def build(path):
    shutil.copy(SRC, path)
    db=sqlite3.connect(path, isolation_level=None)
    db.execute('pragma journal_mode=WAL')
    db.execute('begin')
    for u in range(1,2001):
        db.execute("insert into users(id,email,name,password_hash,created_at) values(?,?,?,?,?)",(u,f'fan{u}@example.com',f'fan {u}','x'*60,1700000000000))
    db.execute("insert into challenges(id,title,kind,organiser_id,created_at,updated_at) values(1,'bench','open_call',1,1,1)")
    alpha='电池洗衣机冰箱空调 abcdefghijklmnopqrstuvwxyz '
    for i in range(1,1001):
        body=''.join(random.choice(alpha) for _ in range(random.randint(150,300)))
        db.execute("insert into ideas(id,challenge_id,author_id,title,summary,body,tags,created_at,updated_at) values(?,?,?,?,?,?,?,?,?)",
                   (i,1,1+i%2000,'标题 idea %d'%i,'summary '*5,body,'["a","b"]',1700000000000+i,1700000000000+i))
    db.execute('commit')
    pairs=set()
    t=1700000100000
    db.execute('begin')
    while len(pairs)<92000:
        p=(random.randint(1,1000),random.randint(1,2000))
        if p in pairs: continue
        pairs.add(p); t+=1
        db.execute("insert into votes(idea_id,user_id,challenge_id,created_at,net,ua,age) values(?,?,1,?,?,?,?)",(p[0],p[1],t,random.getrandbits(62),random.getrandbits(62),random.randint(1,10**6)))
    db.execute("update ideas set votes=(select count(*) from votes v where v.idea_id=ideas.id), hot=random()")
    db.execute('commit')
    db.execute('pragma wal_checkpoint(TRUNCATE)')
    db.close()
    return pairs

def walframes(path, pagesize=4096):
    data=open(path+'-wal','rb').read()
    off=32; frames=[]; commits=[]; cur=[]
    while off+24+pagesize<=len(data):
        pg,commit=struct.unpack('>II',data[off:off+8])
        cur.append(pg)
        if commit: commits.append(cur); cur=[]
        off+=24+pagesize
    return commits

def run(path, pairs, mode, batches=30, per=92):
    label=mode
    db=sqlite3.connect(path, isolation_level=None)
    db.execute('pragma journal_mode=WAL'); db.execute('pragma wal_autocheckpoint=0'); db.execute('pragma synchronous=FULL'); db.execute('pragma cache_size=-16384')
    if mode=='tally':
        db.execute('begin')
        db.execute('create table tallies(idea_id INTEGER PRIMARY KEY, challenge_id INTEGER NOT NULL, votes INTEGER NOT NULL, hot REAL NOT NULL)')
        db.execute('insert into tallies select id, challenge_id, votes, hot from ideas')
        db.execute('create index tallies_top on tallies(challenge_id, votes desc, idea_id desc)')
        db.execute('create index tallies_hot on tallies(challenge_id, hot desc, idea_id desc)')
        db.execute('drop index ideas_top'); db.execute('drop index ideas_hot')
        db.execute('commit')
    if mode in ('rowid','both'):
        db.execute('begin')
        db.execute('create table votes2(id INTEGER PRIMARY KEY, idea_id INTEGER NOT NULL, user_id INTEGER NOT NULL, challenge_id INTEGER NOT NULL, created_at INTEGER NOT NULL, net INTEGER, ua INTEGER, age INTEGER, held INTEGER NOT NULL DEFAULT 0)')
        db.execute('insert into votes2(idea_id,user_id,challenge_id,created_at,net,ua,age,held) select idea_id,user_id,challenge_id,created_at,net,ua,age,held from votes order by created_at')
        db.execute('drop table votes'); db.execute('alter table votes2 rename to votes')
        db.execute('create unique index votes_pair on votes(idea_id, user_id)')
        db.execute('create index votes_user on votes(user_id, challenge_id)')
        db.execute('create index votes_challenge_time on votes(challenge_id, created_at)')
        db.execute('commit')
    if mode=='both':
        mode='tally'
        db.execute('begin')
        db.execute('create table tallies(idea_id INTEGER PRIMARY KEY, challenge_id INTEGER NOT NULL, votes INTEGER NOT NULL, hot REAL NOT NULL)')
        db.execute('insert into tallies select id, challenge_id, votes, hot from ideas')
        db.execute('create index tallies_top on tallies(challenge_id, votes desc, idea_id desc)')
        db.execute('create index tallies_hot on tallies(challenge_id, hot desc, idea_id desc)')
        db.execute('drop index ideas_top'); db.execute('drop index ideas_hot')
        db.execute('commit')
    db.execute('pragma wal_checkpoint(TRUNCATE)')
    t=1800000000000
    rng=random.Random(3)
    for b in range(batches):
        db.execute('begin')
        n=0
        while n<per:
            p=(rng.randint(1,1000),rng.randint(1,2000))
            if p in pairs: continue
            pairs.add(p); t+=1; n+=1
            db.execute("select challenge_id, votes, created_at, exists(select 1 from votes where idea_id=? and user_id=?), state from ideas where id=?",(p[0],p[1],p[0])).fetchall()
            db.execute("insert into votes(idea_id,user_id,challenge_id,created_at,net,ua,age) values(?,?,1,?,?,?,?) on conflict do nothing",(p[0],p[1],t,rng.getrandbits(62),rng.getrandbits(62),rng.randint(1,10**6)))
            if mode=='tally':
                db.execute("update tallies set votes=votes+1, hot=? where idea_id=?",(rng.random(),p[0]))
            else:
                db.execute("update ideas set votes=votes+1, hot=? where id=?",(rng.random(),p[0]))
        db.execute('commit')
    commits=walframes(path)
    pagemap={r[1]:r[0] for r in db.execute('select name,pageno from dbstat')}
    db.close()
    tot=sum(len(c) for c in commits)
    by=collections.Counter()
    for c in commits:
        for pg in c: by[pagemap.get(pg,'?')]+=1
    print(f'{label}: {len(commits)} commits of {per} votes: {tot/len(commits):.1f} frames a commit, {tot/len(commits)/per:.2f} a vote')
    for k,v in by.most_common(): print(f'   {k:28s} {v/len(commits):6.1f} a commit')

base=os.path.join(OUT,'base.db')
pairs=build(base)
db=sqlite3.connect(base)
for r in db.execute("select name, count(*) from dbstat where name in ('ideas','votes','votes_user','votes_challenge_time','ideas_top','ideas_hot','sqlite_autoindex_votes_1') group by name"): print(r)
db.close()
for mode in sys.argv[3:] or ['ideas','tally']:
    p=os.path.join(OUT,f'{mode}.db')
    shutil.copy(base,p)
    run(p, set(pairs), mode)
