"""Time the full symbolic stability table of the three-population preset (about 30 parameters).

Run: python benchmarks/bench_symbolic_table.py
Target (issue "Evolutionary stability analysis"): under 3 s on a 2-core machine.
"""
import time

import govgame as gg


def main():
    t0 = time.perf_counter()
    game = gg.presets.gov_so_public_game()
    t1 = time.perf_counter()
    rs = game.replicator()
    t2 = time.perf_counter()
    table = rs.stability()
    t3 = time.perf_counter()
    corners = [r for r in table if r.profile is not None]
    print(f"parameters: {len(game.parameters)}, rest points: {len(table)}, corners with conditions: "
          f"{sum(1 for r in corners if r.get('condition'))}")
    print(f"build game        {t1 - t0:8.3f} s")
    print(f"replicator system {t2 - t1:8.3f} s")
    print(f"stability table   {t3 - t2:8.3f} s")
    print(f"total             {t3 - t0:8.3f} s   (target < 3 s)")


if __name__ == "__main__":
    main()
