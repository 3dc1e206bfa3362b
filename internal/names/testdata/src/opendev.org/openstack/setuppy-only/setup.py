from setuptools import setup
setup(name="something-else")
