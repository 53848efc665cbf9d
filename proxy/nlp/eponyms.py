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
  short list, since "Sarah's number" and "Mary's test results" are people's.

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
winkler yates zipf zobrist
""".split())

# Also common first names or surnames: the term only with a head noun, a hyphenated partner or a technical
# sentence around it.
EPONYMS_IN_CONTEXT = frozenset("""
adam adler anderson armstrong bartlett black bloom boltzmann boyce brooks butterworth campbell canny chen codd cohen
conway cook cramer curry darling dekker douglas durbin fisher fletcher floyd ford friedman gale gauss gibbs golay gray
grover hastings hebb hopfield huber jackson johnson jordan kahn kalman kaplan karp kelly kendall kohonen
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
""".split())

# After a possessive: "Amdahl's law", "Tarjan's algorithm", "Pascal's triangle".
POSSESSIVE_HEADS = frozenset("""
algorithm law theorem lemma principle conjecture inequality equation identity formula paradox razor constant
hypothesis axiom axioms criterion triangle method kappa correlation coefficient distribution
""".split())

# Words that make a sentence technical for `EPONYMS_IN_CONTEXT` ("Use Jackson to serialize the POJO").
EPONYM_CONTEXT = frozenset("""
algorithm algorithms theorem lemma inequality matrix matrices vector vectors tensor tensors gradient gradients
optimizer optimiser initializer initialiser serialize serialise serializer deserialize deserialise serialization
pojo pojos json xml regression hyperparameter hyperparameters dataset datasets eigenvalues eigenvectors convergence
converge converges complexity quicksort mergesort heapsort bytecode classpath annotation annotations classifier
embedding embeddings logits sgd initialization initialisation epoch epochs csv
""".split())
