"""Technical terms named after people, and the nouns that follow them, for the name recognizer.

Engineers write "Dijkstra's algorithm", "a Bloom filter", "Bellman-Ford", "the Pearson correlation",
"Use Jackson to serialize the POJO": the surname is the name of an algorithm, a law, a distribution or
a library, not a reference to a person. `proxy.nlp.recognizers.PersonFilter.eponym` reads a capitalised
word as such a term only when no other name part stands next to it ("Edsger Dijkstra", "J. Kruskal",
"Ask John Kruskal" stay names) and no title or relation word comes before it ("Dr. Huffman"), and then:

- `EPONYMS`: the word alone is the term ("Explain Paxos", "Levenshtein", "Kruskal and Prim"): surnames
  seldom met alone for a person in a prompt.
- `EPONYMS_IN_CONTEXT`: also a common first name or surname ("Jackson", "Adam", "Moore", "Pearson"):
  the term only before a head noun below, in a hyphenated pair ("Boyer-Moore") or in a technical sentence
  (code, versions, product names, or a word of `EPONYM_CONTEXT`: "Use Adam with beta1=0.9").
- `EPONYM_HEADS`: after any capitalised word that is no listed first name, or a listed eponym ("Hough
  transform", "Kalman filter", "Bloom filter", "Huffman coding"), the word before is the term.
- `POSSESSIVE_HEADS`: after a possessive ("Conway's law", "Dijkstra's algorithm", "Cohen's kappa"); the
  short list, since "Sarah's number" and "Mary's test results" are people's. `POSSESSIVE_TERM_HEADS` too
  after a word that is no English first name ("Simpson's rule", "Cook's distance"). One or two modifiers may
  stand between ("Cantor's diagonal argument", "Tarjan's offline LCA algorithm"); never a head of
  `EPONYM_HEADS` alone after a possessive ("Simpson's phone number").

The class, not a list of terms: a capitalised word (or a hyphenated chain of them) with no name part next to it
and no verb of addressing before it ("Ask", "Email", "cc"), followed by one of these head nouns, is the term,
whether or not the word is listed: "the Lee distance", "a Wallace tree", "the Yule-Walker equations",
"Montgomery multiplication". An English first name (US census list) needs an article before the term ("the
James-Stein estimator"; not "Scott tests the build", "Mary test results"), and so does a head that is also a verb
in any form ("numbers", "filter", "tests": "Compute the Bell numbers"; "Lucas numbers the pages", and so "Compute
Lucas numbers", stay names); a preposition before the term serves as an article does ("Convert the quaternion to
Tait-Bryan angles"). After a lone surname that starts the sentence and is no census first name, a head in its base
form is a noun ("Johnson model fits the data": a singular subject's verb would be "models"). Without a possessive
only a capital letter or an acronym may stand between ("Lambert W function", "Ramsey RESET test").

What the class costs: a lone surname that is no English first name before "rule", "argument", "distance" or
"function" in prose reads as the term ("Simpson's argument convinced the board": "Simpson" is left). A name part
next to it ("Mary Simpson's argument"), a title ("Dr. Simpson's rule") or a verb of addressing ("Ask Simpson's
team") keeps it a name.

Lower case, one word each (a pair is listed by its parts: "bellman", "ford"). Add a term when a real
prompt of yours is redacted; never a word that names only a person.
"""

from __future__ import annotations

# Seldom a person alone: algorithms, laws, theorems, distributions, data structures, protocols.
EPONYMS = frozenset("""
abel ackermann adagrad adleman agrawala aho amdahl arnoldi bayes bayesian bellman benford bernoulli bessel bezier
bhattacharyya bonferroni borůvka boruvka boyer bresenham bézier cauchy chebyshev chernoff cholesky corasick damerau
delaunay diffie dijkstra dirichlet dunnett edmonds erdős erdos euclid euclidean euler fenwick fibonacci fitts
fourier frobenius fulkerson gaussian glorot goodhart gumbel gustafson hadamard hamming hamiltonian
hellman hessian hierholzer hilbert hoare hochberg hofstadter hopcroft hough householder huffman hyrum jaccard
jacobi jacobian jaro karatsuba kerbosch kerckhoffs kirchhoff knuth kolmogorov kosaraju kronecker kruskal krylov
kullback kutta lagrange lagrangian lamport lanczos laplace laplacian leibler lempel levenberg levenshtein liskov
luhn lyapunov maclaurin mahalanobis mandelbrot markov marquardt merkle minkowski munkres nesterov
nyquist paxos peano pareto poisson prim rabin raphson riemann runge schwarz seidel shapley shor sierpinski smirnov
sobel spearman strassen tanimoto tarjan tikhonov tomasulo tukey ukkonen viterbi voronoi warshall weibull wilcoxon
winkler yates zipf zobrist elo
""".split())

# Also common first names or surnames: the term only with a head noun, a hyphenated partner or a technical
# sentence around it.
EPONYMS_IN_CONTEXT = frozenset("""
adam adler anderson armstrong bartlett black bloom boltzmann boyce brooks butterworth campbell canny chen cheney codd
cohen conway cook cramer curry darling dekker douglas durbin fisher fletcher floyd ford friedman gale gauss gibbs golay
gray grover hastings hebb hopfield huber jackson johnson jordan kahn kalman kaplan karp kelly kendall kohonen
lorenz mann marshall meier metcalfe miller moore morris murphy nash newton ohm parkinson pascal pearson penrose
peterson picasso powell pratt reed scholes shamir shannon shapiro sharpe simpson solomon stirling student
sylvester taylor turing wallis watson welch whitney wiener wilk xavier ziv
""".split())

# After the eponym (past its hyphenated partner): "Kalman filter", "Hamming distance", "Fenwick tree".
EPONYM_HEADS = frozenset("""
algorithm algorithms law laws theorem theorems lemma lemmas conjecture principle principles inequality
inequalities equation equations identity formula formulas formulae distance distances metric distribution
distributions transform transforms transformation filter filters test tests coefficient coefficients correlation
index indices tree trees heap heaps curve curves surface search sort sorting shuffle coding code codes encoding
hash hashing function functions method methods rule criterion number numbers sequence series matrix matrices
space spaces constant process processes chain chains net network networks machine machines graph graphs clock clocks
frequency interpolation initializer initialization initialisation optimizer optimiser decomposition
elimination iteration integral approximation estimator bound bounds paradox effect noise window kernel loss
ratio triangle kappa statistic problem scheme signature cipher protocol consensus complement automaton automata
diagram diagrams plot lattice quantization sampling sampler walk polynomial polynomials operator
regression divergence entropy norm expansion spline splines fractal equilibrium optimality ordering triangulation
multiplier multipliers momentum tau multiplication
argument arguments rules constants problems paradoxes effects criteria conjectures identities hypothesis axiom axioms
spectroscopy spectrum spectra spectrometer spectrometry scattering shift shifts microscopy microscope laser lasers
amplifier amplification
""".split())

# After a possessive: "Amdahl's law", "Tarjan's algorithm", "Pascal's triangle", "Maxwell's equations"; also with
# one or two modifiers between ("Fermat's little theorem", "Lamport's bakery algorithm"). Words a person seldom
# owns: after any word, an English first name too ("Sarah's law" is a law).
POSSESSIVE_HEADS = frozenset("""
algorithm algorithms law laws theorem theorems lemma lemmas principle principles conjecture conjectures inequality
inequalities equation equations identity identities formula formulas formulae paradox paradoxes razor constant
constants hypothesis axiom axioms criterion triangle method methods kappa correlation coefficient coefficients
distribution distributions
""".split())

# After a possessive of a word that is no English first name (US census): "Simpson's rule", "Cantor's diagonal
# argument", "Cook's distance", "Green's function". A person may own these ("Sarah's rule", "Mary's argument"),
# so a census first name before them stays a name; "number", "test", "code" or "model" are no heads after a
# possessive at all ("Simpson's number", "Cantor's test results" are a person's).
POSSESSIVE_TERM_HEADS = frozenset("""
rule rules argument arguments distance distances function functions transform transforms series estimator bound
bounds construction constructions taxonomy postulate recursion summation
""".split())

# After a possessive of any word, in a sentence of science only (`PersonFilter.science_sentence`: "Draw Mohr's circle
# for this plane stress state", "Use Allen's interval algebra"; not "Kowalski's algebra class starts at nine"), fp41.
POSSESSIVE_SCIENCE_HEADS = frozenset("circle circles algebra statistic".split())

# The broader class for `PersonFilter.headed_term` (a surname in no list before a head noun, no possessive: "Richardson
# extrapolation", "the Smith chart", "Wang tiles", "the Wolfe conditions"). Derived from the heads that follow the
# eponyms of `bench/data/technical_eponyms*.txt` (held-out sets 1 and 2 included), grouped with the nouns of the same
# kind that science and engineering texts name after people: mathematical objects and operations, statistics,
# physical quantities and dimensionless numbers, circuits and signals, graphics, numerical methods, machine learning,
# classifications; notations ("the Legendre symbol", "Christoffel symbols", "Landau notation", issue 12's fourth
# held-out set); not words that name groups or places too ("group", "field", "path"), nor what a person is given or
# fills in ("rating", "form": "the Kowalski rating", "the Johnson form"; see `BARE_HEADS`).
# Singular forms; `_plural` adds the plurals ("tiles", "conditions", "sequences"). A head that is
# also a verb still needs an article or an object position before the term (`PersonFilter.headed_term`).
_TERM_HEADS = """
algorithm law theorem lemma conjecture principle inequality equation identity formula distance metric distribution
transform transformation filter test coefficient correlation index tree heap curve surface search sort sorting shuffle
code coding encoding hash hashing function method rule criterion number sequence series matrix space constant process
chain net network machine graph clock frequency interpolation initializer initialization initialisation optimizer
optimiser decomposition elimination iteration integral approximation estimator bound paradox effect noise window
kernel loss ratio triangle kappa problem scheme signature cipher protocol consensus complement automaton diagram plot
lattice quantization sampling sampler walk polynomial operator regression divergence entropy norm expansion spline
fractal equilibrium optimality ordering triangulation multiplier momentum tau multiplication argument hypothesis axiom
model chart tile tiling score construction taxonomy equivalent extrapolation reduction flight condition residual
summation division recursion recurrence factorization factorisation projection rotation angle quotient exponent
potential force stress strain modulus wavelength radius velocity temperature pressure energy viscosity coordinate
mapping map embedding manifold measure algebra calculus polytope tableau tensor vector basis determinant bracket
derivative differential integration quadrature rescaling correction normalization normalisation regularization
regularisation penalty smoothing averaging estimate estimation interval likelihood posterior prior variance covariance
deviation median histogram bandwidth scaling digraph circuit trigger pair bridge diode oscillator amplifier converter
transistor latch flip-flop stemmer tokenizer parser shading reflectance illumination dithering mesh subdivision solver
integrator stepper discretization discretisation postulate spectrum spectral wavelet windowing matching partition
coloring colouring
symbol notation
cycle beam oscillation dynamics fading
""".split()


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


TERM_HEADS = frozenset(_TERM_HEADS) | frozenset(_plural(w) for w in _TERM_HEADS) | EPONYM_HEADS

# Heads that are a term only bare after a preposition, an adjective between at most ("in Jordan form", "Reduce the
# matrix to upper Hessenberg form", "Write the grammar in Backus-Naur form"): with an article they are a person's
# document ("Please sign the Johnson form").
BARE_HEADS = frozenset({"form", "forms"})

# Units named after people (SI, temperature, CGS), capitalised as people write them in conversions: "Convert the
# readings from Fahrenheit to Kelvin", "the conversion of the field to Tesla" (`PersonFilter.unit`). Several are also
# first names ("Kelvin", "Henry"): a unit only inside a conversion.
UNITS = frozenset("""
kelvin celsius fahrenheit rankine reaumur réaumur newton newtons pascal pascals joule joules watt watts volt volts
ampere amperes ohm ohms siemens farad farads henry henries weber webers tesla teslas coulomb coulombs hertz gray
grays sievert sieverts becquerel becquerels gauss maxwell maxwells oersted debye debyes angstrom angstroms ångström
curie curies roentgen röntgen
""".split())

# Before an eponym, part of it: "De Morgan's laws", "the Van der Waals equation", "Le Chatelier's principle",
# "a de Bruijn graph", "the von Mises stress".
EPONYM_PARTICLES = frozenset({"de", "van", "der", "den", "von", "le", "la", "du", "di", "da", "del", "della", "ter",
                              "ten", "l'", "d'"})

# Words that make a sentence technical for `EPONYMS_IN_CONTEXT` ("Use Jackson to serialize the POJO").
EPONYM_CONTEXT = frozenset("""
algorithm algorithms theorem lemma inequality matrix matrices vector vectors tensor tensors gradient gradients
optimizer optimiser initializer initialiser serialize serialise serializer deserialize deserialise serialization
pojo pojos json xml regression hyperparameter hyperparameters dataset datasets eigenvalues eigenvectors convergence
converge converges complexity quicksort mergesort heapsort bytecode classpath annotation annotations classifier
embedding embeddings logits sgd initialization initialisation epoch epochs csv gc collector collectors
""".split())

# Named methods, tests, theorems, codes and distributions, written as engineers write them (hyphen or space
# between the parts; "u" of "Mann-Whitney U"). Each word here is a term only inside its whole phrase, so a
# phrase may hold words that are names on their own ("Smith-Waterman", "Gauss-Jordan", "Monte Carlo": "Ask
# Jordan", "Carlo Rossi" stay names). Derived from the usual lists of algorithms, statistical tests,
# theorems and laws, error-correcting codes, numerical methods and graphics techniques named after people or
# places; and the database and data-structure terms whose first word is a listed surname ("Hash Join").
_PHRASES = """
# statistical tests and estimators
mann-whitney, mann-whitney u, wilcoxon-mann-whitney, kruskal-wallis, shapiro-wilk, kolmogorov-smirnov,
anderson-darling, jarque-bera, durbin-watson, breusch-pagan, ljung-box, box-pierce, dickey-fuller,
augmented dickey-fuller, kwiatkowski-phillips-schmidt-shin, phillips-perron, engle-granger, granger causality,
levene, brown-forsythe, bartlett, cochran-armitage, cochran-mantel-haenszel, mantel-haenszel, mcnemar,
fisher exact, welch t, student t, tukey hsd, dunn, scheffe, holm-bonferroni, benjamini-hochberg,
benjamini-yekutieli, kaplan-meier, nelson-aalen, cox proportional hazards, hosmer-lemeshow, cronbach alpha,
cohen kappa, fleiss kappa, kendall tau, spearman rho, pearson chi-squared, grubbs, dixon q, box-cox,
box-muller, box-jenkins, holt-winters, hodrick-prescott, newey-west, huber-white, nadaraya-watson,
horvitz-thompson, hannan-quinn, akaike, bayesian information, gelman-rubin, wald, mahalanobis, bhattacharyya,
kullback-leibler, jensen-shannon, hellinger, wasserstein, earth mover, monte carlo, markov chain monte carlo,
quasi-monte carlo, las vegas, metropolis-hastings, hamiltonian monte carlo, gibbs sampling,
# algorithms and data structures
burrows-wheeler, needleman-wunsch, smith-waterman, knuth-morris-pratt, aho-corasick, rabin-karp, karp-rabin,
boyer-moore, boyer-moore-horspool, cooley-tukey, floyd-warshall, bellman-ford, ford-fulkerson, edmonds-karp,
hopcroft-karp, hopcroft-tarjan, kernighan-lin, lin-kernighan, christofides, held-karp, gale-shapley,
fisher-yates, knuth shuffle, lempel-ziv, lempel-ziv-welch, lempel-ziv-markov, huffman, shannon-fano,
shannon-fano-elias, baum-welch, viterbi, damerau-levenshtein, levenshtein, jaro-winkler, wagner-fischer,
hirschberg, myers diff, ukkonen, mccreight, manber-myers, cocke-younger-kasami, earley, hindley-milner,
floyd cycle, brent cycle, tortoise and hare, miller-rabin, solovay-strassen, pollard rho, sieve of eratosthenes,
chandy-lamport, chandy-misra, ricart-agrawala, lamport bakery, peterson lock, dekker, byzantine generals,
nagle, karn, van jacobson, ramer-douglas-peucker, douglas-peucker, graham scan, jarvis march, sutherland-hodgman,
cohen-sutherland, liang-barsky, weiler-atherton, catmull-rom, de casteljau, blinn-phong, cook-torrance, phong,
gouraud, bresenham, xiaolin wu, lucas-kanade, horn-schunck, viola-jones, harris corner, otsu,
savitzky-golay, reed-solomon, reed-muller, bose-chaudhuri-hocquenghem, golay, hamming, diffie-hellman,
elliptic-curve diffie-hellman, rivest-shamir-adleman, merkle-damgard, merkle-damgård, davies-meyer,
matyas-meyer-oseas, feistel, el gamal, elgamal, schnorr, fiat-shamir, shamir secret sharing, blum blum shub,
mersenne twister, park-miller, xorshift, robin hood hashing, hash join, hash joins, hash map, hash maps,
hash table, hash tables, hash ring, merge join, sort-merge join, nested loop join, bloom filter, cuckoo filter,
count-min sketch, hyperloglog, fenwick tree, van emde boas, patricia trie, judy array, zobrist hashing,
mark-sweep, mark and sweep, mark-compact, mark-sweep-compact, mark-region,
# numerical methods and optimisation
newton-raphson, gauss-newton, gauss-seidel, gauss-jordan, gauss-legendre, gauss-hermite, levenberg-marquardt,
nelder-mead, broyden-fletcher-goldfarb-shanno, davidon-fletcher-powell, runge-kutta, crank-nicolson,
adams-bashforth, adams-moulton, euler-maruyama, gram-schmidt, cholesky, householder, givens rotation, lanczos,
arnoldi, krylov, jacobi, chebyshev, lagrange multiplier, karush-kuhn-tucker, frank-wolfe, barzilai-borwein,
fletcher-reeves, polak-ribiere, hestenes-stiefel, sherman-morrison, sherman-morrison-woodbury, woodbury,
moore-penrose, cayley-hamilton, perron-frobenius, gershgorin, courant-friedrichs-lewy, simpson rule,
romberg, clenshaw-curtis, black-scholes, black-scholes-merton, ornstein-uhlenbeck, wiener process,
kalman filter, extended kalman filter, wiener filter, butterworth, chebyshev filter, bessel filter,
# theorems, laws and principles
cauchy-schwarz, nyquist-shannon, shannon-hartley, cook-levin, church-turing, curry-howard, rice theorem,
hahn-banach, radon-nikodym, glivenko-cantelli, berry-esseen, lindeberg-levy, central limit, stone-weierstrass,
bolzano-weierstrass, arzela-ascoli, heine-borel, cantor-bernstein, schroeder-bernstein, zermelo-fraenkel,
banach-tarski, gibbard-satterthwaite, vickrey-clarke-groves, sprague-grundy, erdos-renyi, erdős-rényi,
barabasi-albert, watts-strogatz, dunning-kruger, sapir-whorf, stefan-boltzmann, maxwell-boltzmann,
bose-einstein, fermi-dirac, navier-stokes, hardy-weinberg, lotka-volterra, michaelis-menten,
""".strip()


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in phrase.replace("-", " ").split() if w)


# Two words or more: a one-word term ("Hamming", "Dunn") is read by the rules above (alone when in `EPONYMS`,
# before a head noun otherwise: "Dunn test"), since alone it may be a person.
EPONYM_PHRASES = frozenset(w for line in _PHRASES.splitlines() if not line.startswith("#")
                           for p in line.split(",") if len(w := _phrase_words(p)) > 1)
# The longest phrase, in words: how far `PersonFilter.eponym` looks either side of a word.
EPONYM_PHRASE_WORDS = max(len(p) for p in EPONYM_PHRASES)
