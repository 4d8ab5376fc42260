"""`chapter5 verify --train`: the book's recipes that take minutes on a CPU, trained through the
book's harness and checked against the book's final test accuracy, within a band (results are
random)."""
from chapter5 import find_section

# the recipes `verify --train` runs, and how far below the book's final test accuracy a run may land
TRAINED = ('lenet', 'lenet_bn_scratch', 'lenet_bn')
TEST_ACC_BAND = 0.05


def check_training(name, history):
    """(what, expected, got, ok) for a finished run of the recipe of model `name`."""
    from chapter5 import get_model
    book = get_model(name).recipe.book
    got = history[-1].test_acc
    expected = '>= %.3f (book %.3f - %.2f)' % (book.test_acc - TEST_ACC_BAND, book.test_acc,
                                                TEST_ACC_BAND)
    return ('%s recipe: final test acc' % name, expected, '%.3f' % got,
            got >= book.test_acc - TEST_ACC_BAND)


def verify_training(names=TRAINED, out=print):
    """Train each recipe in `names` and check its final test accuracy; True when all pass."""
    from chapter5 import get_model
    from chapter5.engine.recipes import train_recipe
    results = []
    for name in names:
        out('training %s with the book\'s recipe %s' % (name, get_model(name).recipe[:4]))
        results.append((find_section(get_model(name).module).id,
                        check_training(name, train_recipe(name, book_path=True))))
    for section_id, (what, expected, got, ok) in results:
        out('%s  %-5s %-40s expected: %-48s got: %s'
            % ('PASS' if ok else 'FAIL', section_id, what, expected, got))
    failed = sum(not r[1][3] for r in results)
    out('%d passed, %d failed' % (len(results) - failed, failed))
    return failed == 0
