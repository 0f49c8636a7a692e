# query_summits: comparing the summits' signatories (issue 22), each result listed by name in the
# order a Summit set lists in (sorted(s, key=RANK)). The facts are Summit's (common/summit_facts.py).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import RANK, load  # noqa: E402


def names(s):
    return ", ".join([c.name for c in sorted(s, key=RANK)])


def main():
    _, _, bletchley, seoul, paris = load()
    rounds = 5000
    only_bletchley = only_paris = all_three = ""
    any_ = length = 0
    for _ in range(rounds):
        only_bletchley = names(bletchley - paris)
        only_paris = names(paris - bletchley)
        all_three = names(bletchley & seoul & paris)
        any_ += len(bletchley | seoul | paris)
        length += len(only_bletchley) + len(only_paris) + len(all_three)
    print(any_)
    print(only_bletchley)
    print(only_paris)
    print(all_three)

    if len(bletchley - paris) + len(bletchley & paris) != len(bletchley):
        sys.exit("a difference is wrong")
    if any_ < rounds * len(paris):
        sys.exit("a union is too small")
    if length != rounds * (len(only_bletchley) + len(only_paris) + len(all_three)):
        sys.exit("the lists changed")


main()
