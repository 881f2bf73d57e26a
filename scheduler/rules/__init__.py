"""The hard rules, in one home.

* ``single``: the rules about one volunteer and one shift (nearby, healthy, trained, qualified,
  insured, available, the daily cap), each a plain function;
* ``eligibility``: those rules applied to a roster, as a funnel and as arrays of positions;
* ``index``: the array index that makes eligibility fast at city scale;
* ``between``: the rules between a volunteer's shifts (overlap and rest, the daily cap, days in a
  row, weekly hours), for the greedy start and fixed assignments;
* ``geo``: great-circle distances for the nearby rule.

The CP-SAT model (``scheduler.model``) states the rules between shifts again as constraints, and
``scheduler.verify`` re-checks them with its own loops so that it never trusts the model.
"""
