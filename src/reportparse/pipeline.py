def parse(path):
    raise NotImplementedError
