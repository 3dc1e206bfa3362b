# A stand-in for Zuul's zuul_return action plugin, for pypiguard's playbook
# tests (internal/zuuljobs). Like Zuul's, it runs on the controller (the
# executor) and reads "file" there; unlike Zuul's, it merges nothing: it
# appends each call's arguments, with the file's parsed content, as one JSON
# line to $ZUUL_JOBDIR/work/zuul-return-calls.jsonl, for the test to read.
import json
import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        unknown = set(args) - {'data', 'file', 'secret_data', 'secret_file', 'path'}
        if unknown:
            raise AnsibleActionFail('zuul_return: unknown arguments %s' % sorted(unknown))
        call = {'data': args.get('data'), 'file': args.get('file')}
        if call['file']:
            # Zuul's plugin opens the file and json.load()s it: a missing or
            # malformed file fails the task there too.
            with open(call['file']) as f:
                call['file_data'] = json.load(f)
        out = os.path.join(os.environ['ZUUL_JOBDIR'], 'work', 'zuul-return-calls.jsonl')
        with open(out, 'a') as f:
            f.write(json.dumps(call, sort_keys=True) + '\n')
        result['changed'] = False
        return result
