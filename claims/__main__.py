"""``python -m claims`` runs the command-line app."""
from cli import app

if __name__ == "__main__":
    app(prog_name="claims")
