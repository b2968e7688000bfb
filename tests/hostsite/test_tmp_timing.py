import cProfile, pstats, time
def test_x(db):
    from hostsite.content.school import load_school_content, brochure_lines
    brochure_lines()
    t=time.perf_counter()
    pr=cProfile.Profile(); pr.enable()
    load_school_content()
    pr.disable()
    print("load", time.perf_counter()-t)
    pstats.Stats(pr).sort_stats("cumtime").print_stats(40)
